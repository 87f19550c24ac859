#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <optional>

#include "server/domain/accounts.hpp"
#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {

// Every service but Register/Login starts here: the `authorization: Bearer <token>`
// metadata becomes a Session, or the call ends UNAUTHENTICATED (UNAVAILABLE when the
// session is not cached and no reader came free within reader_wait_ms).
Result<domain::Session> authenticate_call(domain::Accounts& accounts,
                                          const grpc::CallbackServerContext& context);

// For unary calls: the session, or the call finished UNAUTHENTICATED and nothing.
std::optional<domain::Session> authenticate_or_finish(domain::Accounts& accounts,
                                                      grpc::CallbackServerContext* context,
                                                      grpc::ServerUnaryReactor* reactor);

// A domain reply that ends a unary call with its status.
inline auto finisher(grpc::ServerUnaryReactor* reactor) {
  return [reactor](Status s) { reactor->Finish(to_grpc(s)); };
}

}  // namespace souk::rpc
