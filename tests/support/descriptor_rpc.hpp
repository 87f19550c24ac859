#pragma once

// Calls any RPC soukd serves by its full name and raw request bytes, whatever its kind
// (unary, client, server or bidirectional stream): gRPC's wire format is the same for all
// four, so one generic call covers them. Tables of cases over every RPC in the proto
// descriptors use it, so that a new RPC needs no new client code to be tested.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace souk::test {

// "/souk.v1.ChatService/Subscribe": the path gRPC calls a method by.
inline std::string rpc_path(const google::protobuf::MethodDescriptor& method) {
  return "/" + method.service()->full_name() + "/" + method.name();
}

// Every method of every service in `files`, in declaration order.
inline std::vector<const google::protobuf::MethodDescriptor*> methods_of(
    const std::vector<const google::protobuf::FileDescriptor*>& files) {
  std::vector<const google::protobuf::MethodDescriptor*> out;
  for (const auto* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        out.push_back(file->service(s)->method(m));
      }
    }
  }
  return out;
}

struct RpcOutcome {
  grpc::Status status;
  // Each response message as it came off the wire.
  std::vector<std::string> responses;
  // True when on_response asked to stop and the call was cancelled for it.
  bool stopped = false;

  // Everything the server sent back: responses, status message and details.
  std::string all_bytes() const {
    std::string out;
    for (const auto& r : responses) out += r;
    return out + status.error_message() + status.error_details();
  }
};

struct RpcCallOptions {
  // Sent as `authorization: Bearer <token>`; empty sends no such header.
  std::string token;
  std::chrono::milliseconds deadline = std::chrono::seconds(30);
  // Close the sending side after the requests, as a unary or client-stream call does. A
  // Subscribe that should stay open passes false and ends itself through on_response.
  bool close_sending = true;
  // Called with each response and its index; false cancels the call there.
  std::function<bool(const std::string& response, size_t index)> on_response;
};

namespace generic_rpc_detail {

inline grpc::ByteBuffer to_buffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

inline std::string to_string(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string out;
  if (!buffer.Dump(&slices).ok()) return out;
  for (const auto& s : slices) out.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return out;
}

// One operation at a time on the queue: start it, then wait for its tag.
inline bool wait(grpc::CompletionQueue& cq) {
  void* tag = nullptr;
  bool ok = false;
  return cq.Next(&tag, &ok) && ok;
}

}  // namespace generic_rpc_detail

// Sends `requests` (each a serialized request message) on the method at `path` and reads
// every response until the server ends the call, the deadline passes or on_response says
// stop. A unary method takes exactly one request.
inline RpcOutcome call_rpc(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                           const std::vector<std::string>& requests,
                           const RpcCallOptions& options = {}) {
  using generic_rpc_detail::wait;
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  if (!options.token.empty()) context.AddMetadata("authorization", "Bearer " + options.token);
  context.set_deadline(std::chrono::system_clock::now() + options.deadline);
  RpcOutcome outcome;

  auto call = stub.PrepareCall(&context, path, &cq);
  call->StartCall(nullptr);
  bool open = wait(cq);
  for (size_t i = 0; open && i < requests.size(); ++i) {
    // A server that already ended the call fails the write: its status tells why.
    call->Write(generic_rpc_detail::to_buffer(requests[i]), nullptr);
    open = wait(cq);
  }
  if (open && options.close_sending) {
    call->WritesDone(nullptr);
    open = wait(cq);
  }
  for (grpc::ByteBuffer response;;) {
    call->Read(&response, nullptr);
    if (!wait(cq)) break;
    outcome.responses.push_back(generic_rpc_detail::to_string(response));
    if (options.on_response &&
        !options.on_response(outcome.responses.back(), outcome.responses.size() - 1)) {
      outcome.stopped = true;
      context.TryCancel();
    }
  }
  call->Finish(&outcome.status, nullptr);
  wait(cq);
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  return outcome;
}

inline RpcOutcome call_rpc(const std::shared_ptr<grpc::Channel>& channel,
                           const google::protobuf::MethodDescriptor& method,
                           const std::vector<std::string>& requests,
                           const RpcCallOptions& options = {}) {
  return call_rpc(channel, rpc_path(method), requests, options);
}

}  // namespace souk::test
