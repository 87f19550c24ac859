#include "client/core/auth_client.hpp"

#include "client/core/call_options.hpp"

namespace souk::client {

AuthClient::AuthClient(std::shared_ptr<grpc::Channel> channel)
    : stub_(v1::AuthService::NewStub(std::move(channel))) {}

Result<v1::RegisterResponse> AuthClient::register_account(const v1::RegisterRequest& request) {
  return unary_call<v1::RegisterResponse>(token_, [&](auto& context, auto& response) {
    return stub_->Register(&context, request, &response);
  });
}

Result<v1::LoginResponse> AuthClient::login(const v1::LoginRequest& request) {
  return unary_call<v1::LoginResponse>(token_, [&](auto& context, auto& response) {
    return stub_->Login(&context, request, &response);
  });
}

Status AuthClient::logout() {
  return unary_call<v1::LogoutResponse>(
             token_,
             [&](auto& context, auto& response) { return stub_->Logout(&context, {}, &response); })
      .status();
}

Result<v1::WhoAmIResponse> AuthClient::whoami() {
  return unary_call<v1::WhoAmIResponse>(token_, [&](auto& context, auto& response) {
    return stub_->WhoAmI(&context, {}, &response);
  });
}

}  // namespace souk::client
