#pragma once

#include <grpcpp/support/status.h>

#include <string>

#include "common/status.hpp"

namespace souk::rpc {

// The one way a domain status reaches a client. INTERNAL carries whatever failed inside
// (paths, SQL, an engine's address): the client gets a plain sentence with a short
// incident reference instead, and the log gets the detail under the same reference.
grpc::Status to_grpc(const Status& status);

// The client's text for an internal failure whose detail went to the log as `reference`.
std::string internal_failure_text(const std::string& reference);

}  // namespace souk::rpc
