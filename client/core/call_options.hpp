#pragma once

#include <grpcpp/client_context.h>

#include <chrono>
#include <string>

#include "client/core/channel.hpp"

namespace souk::client {

// A deadline for unary calls (a login hashes a password; a 64 MiB message takes a while
// on a slow link) and the session token, if there is one.
inline void prepare_call(grpc::ClientContext& context, const std::string& token,
                         std::chrono::seconds timeout = std::chrono::seconds(60)) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
}

template <class Response, class Call>
Result<Response> unary_call(const std::string& token, Call&& call) {
  Response response;
  grpc::ClientContext context;
  prepare_call(context, token);
  grpc::Status status = call(context, response);
  if (!status.ok()) return from_grpc(status);
  return response;
}

}  // namespace souk::client
