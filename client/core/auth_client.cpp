#include "client/core/auth_client.hpp"

#include <chrono>

#include "client/core/channel.hpp"

namespace souk::client {

namespace {
// Login hashes a password on the server; allow for a busy machine.
constexpr auto kCallTimeout = std::chrono::seconds(30);

template <class Response, class Call>
Result<Response> unary(Call&& call) {
  Response response;
  grpc::Status status = call(response);
  if (!status.ok()) return from_grpc(status);
  return response;
}
}  // namespace

AuthClient::AuthClient(std::shared_ptr<grpc::Channel> channel)
    : stub_(v1::AuthService::NewStub(std::move(channel))) {}

void AuthClient::prepare(grpc::ClientContext& context) const {
  context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  if (!token_.empty()) context.AddMetadata("authorization", "Bearer " + token_);
}

Result<v1::RegisterResponse> AuthClient::register_account(const v1::RegisterRequest& request) {
  return unary<v1::RegisterResponse>([&](auto& response) {
    grpc::ClientContext context;
    prepare(context);
    return stub_->Register(&context, request, &response);
  });
}

Result<v1::LoginResponse> AuthClient::login(const v1::LoginRequest& request) {
  return unary<v1::LoginResponse>([&](auto& response) {
    grpc::ClientContext context;
    prepare(context);
    return stub_->Login(&context, request, &response);
  });
}

Status AuthClient::logout() {
  return unary<v1::LogoutResponse>([&](auto& response) {
           grpc::ClientContext context;
           prepare(context);
           return stub_->Logout(&context, v1::LogoutRequest(), &response);
         })
      .status();
}

Result<v1::WhoAmIResponse> AuthClient::whoami() {
  return unary<v1::WhoAmIResponse>([&](auto& response) {
    grpc::ClientContext context;
    prepare(context);
    return stub_->WhoAmI(&context, v1::WhoAmIRequest(), &response);
  });
}

}  // namespace souk::client
