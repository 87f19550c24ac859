#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "common/message_validation.hpp"
#include "common/status.hpp"

namespace souk::client {

struct ChannelOptions {
  std::string server = "127.0.0.1:50051";
  // PEM file of the CA that signed the server's certificate. Empty: plaintext.
  std::string tls_ca_file;
  // Matches soukd's max_message_bytes; the channel allows that plus room for the envelope.
  int64_t max_message_bytes = kDefaultMaxMessageBytes;
};

Result<std::shared_ptr<grpc::Channel>> open_channel(const ChannelOptions& options);

// gRPC's codes, in the product's own vocabulary.
Status from_grpc(const grpc::Status& status);

}  // namespace souk::client
