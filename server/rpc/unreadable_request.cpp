#include "server/rpc/unreadable_request.hpp"

#include <google/protobuf/descriptor.h>

#include "server/rpc/grpc_order.hpp"

namespace souk::rpc {

namespace {

// The method's descriptor, when `path` names one of the methods in the linked protos.
const google::protobuf::MethodDescriptor* find_method(const std::string& path) {
  const auto slash = path.rfind('/');
  if (path.empty() || path[0] != '/' || slash == 0 || slash == std::string::npos) return nullptr;
  const std::string full_name =
      path.substr(1, slash - 1) + "." + path.substr(slash + 1);  // package.Service.Method
  if (full_name.rfind("souk.", 0) != 0) return nullptr;
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full_name);
}

class UnreadableRequestInterceptor : public grpc::experimental::Interceptor {
 public:
  UnreadableRequestInterceptor(const char* method, const grpc::ServerContextBase* call)
      : method_(method), order_(call) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // Every step of every call passes here, on the thread that takes it.
    order_.handing_to_grpc();
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const auto status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
        methods->ModifySendStatus(explain_unreadable_request(method_, status));
      }
    }
    methods->Proceed();
  }

 private:
  // gRPC's own string, valid for the call's life: no copy on every call.
  const char* method_;
  const GrpcOrder order_;
};

}  // namespace

grpc::Status explain_unreadable_request(const std::string& method_path,
                                        const grpc::Status& status) {
  // soukd itself never answers UNIMPLEMENTED; gRPC does, with no words, when the bytes
  // would not parse.
  if (status.error_code() != grpc::StatusCode::UNIMPLEMENTED || !status.error_message().empty()) {
    return status;
  }
  const auto* method = find_method(method_path);
  if (method == nullptr) return status;
  return {grpc::StatusCode::INVALID_ARGUMENT,
          "the " + method->name() +
              " request could not be read: its bytes are not a well-formed message of type " +
              method->input_type()->name()};
}

grpc::experimental::Interceptor* UnreadableRequestInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new UnreadableRequestInterceptor(info->method() != nullptr ? info->method() : "",
                                          info->server_context());
}

}  // namespace souk::rpc
