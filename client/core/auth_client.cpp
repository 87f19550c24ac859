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

Result<v1::ListSessionsResponse> AuthClient::sessions() {
  return unary_call<v1::ListSessionsResponse>(token_, [&](auto& context, auto& response) {
    return stub_->ListSessions(&context, {}, &response);
  });
}

Status AuthClient::end_session(const std::string& session_id) {
  v1::EndSessionRequest request;
  request.set_session_id(session_id);
  return unary_call<v1::EndSessionResponse>(token_,
                                            [&](auto& context, auto& response) {
                                              return stub_->EndSession(&context, request,
                                                                       &response);
                                            })
      .status();
}

Result<int> AuthClient::end_other_sessions() {
  auto result =
      unary_call<v1::EndOtherSessionsResponse>(token_, [&](auto& context, auto& response) {
        return stub_->EndOtherSessions(&context, {}, &response);
      });
  if (!result) return result.status();
  return result->ended();
}

Result<int> AuthClient::change_password(const std::string& current, const std::string& next) {
  v1::ChangePasswordRequest request;
  request.set_current_password(current);
  request.set_new_password(next);
  auto result = unary_call<v1::ChangePasswordResponse>(token_, [&](auto& context, auto& response) {
    return stub_->ChangePassword(&context, request, &response);
  });
  if (!result) return result.status();
  return result->ended_sessions();
}

}  // namespace souk::client
