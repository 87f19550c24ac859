#include "server/rpc/status_mapping.hpp"

#include <spdlog/spdlog.h>

#include "common/crypto.hpp"

namespace souk::rpc {

namespace {

// Short enough to read out over the phone, long enough not to repeat in one log.
std::string new_incident_reference() {
  return hex_encode(random_bytes(4));
}

grpc::Status hide_internal(const Status& status) {
  const std::string reference = new_incident_reference();
  spdlog::error("incident {}: {}", reference, status.message());
  return {grpc::StatusCode::INTERNAL, internal_failure_text(reference)};
}

}  // namespace

std::string internal_failure_text(const std::string& reference) {
  return "something went wrong on the server; try again later, and if it keeps happening "
         "give the operator incident reference " +
         reference;
}

grpc::Status to_grpc(const Status& status) {
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  switch (status.code()) {
    case Code::kOk:
      return grpc::Status::OK;
    case Code::kInvalidArgument:
      code = grpc::StatusCode::INVALID_ARGUMENT;
      break;
    case Code::kNotFound:
      code = grpc::StatusCode::NOT_FOUND;
      break;
    case Code::kAlreadyExists:
      code = grpc::StatusCode::ALREADY_EXISTS;
      break;
    case Code::kPermissionDenied:
      code = grpc::StatusCode::PERMISSION_DENIED;
      break;
    case Code::kUnauthenticated:
      code = grpc::StatusCode::UNAUTHENTICATED;
      break;
    case Code::kResourceExhausted:
      code = grpc::StatusCode::RESOURCE_EXHAUSTED;
      break;
    case Code::kFailedPrecondition:
      code = grpc::StatusCode::FAILED_PRECONDITION;
      break;
    case Code::kDataLoss:
      code = grpc::StatusCode::DATA_LOSS;
      break;
    case Code::kUnavailable:
      code = grpc::StatusCode::UNAVAILABLE;
      break;
    case Code::kInternal:
      return hide_internal(status);
  }
  return {code, status.message()};
}

}  // namespace souk::rpc
