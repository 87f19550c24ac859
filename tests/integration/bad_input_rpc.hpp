#pragma once

// What the bad-input table needs besides support/descriptor_rpc.hpp: the list of every RPC
// linked into the binary, typed calls for setting up, and protobuf wire bytes made by hand
// for values the generated setters would not send.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/descriptor_rpc.hpp"

namespace souk::test {

// Every method of every service in the proto files linked into this binary whose names
// start with `file_prefix` (e.g. "souk/"), sorted by path: walking the generated pool's
// own file list finds a service in a new .proto file too.
inline std::vector<const google::protobuf::MethodDescriptor*> linked_methods(
    const std::string& file_prefix) {
  std::vector<std::string> names;
  google::protobuf::DescriptorPool::internal_generated_database()->FindAllFileNames(&names);
  std::vector<const google::protobuf::FileDescriptor*> files;
  for (const auto& name : names) {
    if (name.rfind(file_prefix, 0) != 0) continue;
    const auto* file = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    if (file != nullptr) files.push_back(file);
  }
  auto methods = methods_of(files);
  std::sort(methods.begin(), methods.end(),
            [](const auto* a, const auto* b) { return rpc_path(*a) < rpc_path(*b); });
  return methods;
}

// A typed call through call_rpc, for setting up what the raw cases then attack.
template <class Response, class Request>
grpc::Status call_typed(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                        const std::string& token, const Request& request, Response* response) {
  RpcCallOptions options;
  options.token = token;
  auto outcome = call_rpc(channel, path, {request.SerializeAsString()}, options);
  if (outcome.status.ok() &&
      (outcome.responses.empty() || !response->ParseFromString(outcome.responses[0]))) {
    return {grpc::StatusCode::INTERNAL, "no readable response to " + path};
  }
  return outcome.status;
}

// Concatenated fields form a message; a message's bytes can be a field of another.
namespace wire {

inline std::string varint(uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
  return out;
}

// A varint field (int32, int64, bool, enum); negative numbers as protobuf sends them.
inline std::string varint_field(int number, int64_t value) {
  return varint(static_cast<uint64_t>(number) << 3) + varint(static_cast<uint64_t>(value));
}

// A length-delimited field: string, bytes or a nested message.
inline std::string bytes_field(int number, const std::string& bytes) {
  return varint((static_cast<uint64_t>(number) << 3) | 2) + varint(bytes.size()) + bytes;
}

}  // namespace wire

}  // namespace souk::test
