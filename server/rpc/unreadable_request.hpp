#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

namespace souk::rpc {

// gRPC answers a request whose bytes do not parse as the method's message with
// UNIMPLEMENTED and no message, before soukd's handler runs: a client would read it as
// "this server has no such call". This turns that answer, for Souk's own methods only,
// into INVALID_ARGUMENT naming the call, which is what it is.
class UnreadableRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// The status a refused request of `method_path` ("/souk.v1.ChatService/Ack") gets instead
// of `status`; `status` itself when it is not gRPC's answer to unparseable bytes, or the
// method is not Souk's.
grpc::Status explain_unreadable_request(const std::string& method_path, const grpc::Status& status);

}  // namespace souk::rpc
