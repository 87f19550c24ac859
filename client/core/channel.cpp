#include "client/core/channel.hpp"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace souk::client {

Result<std::shared_ptr<grpc::Channel>> open_channel(const ChannelOptions& options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls_ca_file.empty()) {
    credentials = grpc::InsecureChannelCredentials();
  } else {
    std::ifstream in(options.tls_ca_file, std::ios::binary);
    if (!in) return invalid_argument("cannot read CA file " + options.tls_ca_file);
    std::stringstream pem;
    pem << in.rdbuf();
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = pem.str();
    credentials = grpc::SslCredentials(ssl);
  }
  constexpr int64_t kEnvelopeBytes = 1 << 20;
  const auto max_frame =
      static_cast<int>(std::min<int64_t>(options.max_message_bytes + kEnvelopeBytes, INT32_MAX));
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(max_frame);
  args.SetMaxSendMessageSize(max_frame);
  // Matches soukd's keepalive, so a long-lived event stream notices a dead server too.
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  return grpc::CreateCustomChannel(options.server, credentials, args);
}

Status from_grpc(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return Status::Ok();
    case grpc::StatusCode::INVALID_ARGUMENT:
      return {Code::kInvalidArgument, status.error_message()};
    case grpc::StatusCode::NOT_FOUND:
      return {Code::kNotFound, status.error_message()};
    case grpc::StatusCode::ALREADY_EXISTS:
      return {Code::kAlreadyExists, status.error_message()};
    case grpc::StatusCode::PERMISSION_DENIED:
      return {Code::kPermissionDenied, status.error_message()};
    case grpc::StatusCode::UNAUTHENTICATED:
      return {Code::kUnauthenticated, status.error_message()};
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return {Code::kResourceExhausted, status.error_message()};
    case grpc::StatusCode::FAILED_PRECONDITION:
      return {Code::kFailedPrecondition, status.error_message()};
    case grpc::StatusCode::DATA_LOSS:
      return {Code::kDataLoss, status.error_message()};
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {Code::kUnavailable, "cannot reach the server: " + status.error_message()};
    default:
      return {Code::kInternal, status.error_message()};
  }
}

}  // namespace souk::client
