#pragma once

#include <grpcpp/support/status.h>

#include "common/status.hpp"

namespace souk::rpc {

grpc::Status to_grpc(const Status& status);

}  // namespace souk::rpc
