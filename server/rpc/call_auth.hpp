#pragma once

#include <grpcpp/server_context.h>

#include "server/domain/accounts.hpp"

namespace souk::rpc {

// Every service but Register/Login starts here: the `authorization: Bearer <token>`
// metadata becomes a Session, or the call ends UNAUTHENTICATED.
Result<domain::Session> authenticate_call(domain::Accounts& accounts,
                                          const grpc::CallbackServerContext& context);

}  // namespace souk::rpc
