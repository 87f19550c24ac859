#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "common/status.hpp"
#include "souk/v1/auth.grpc.pb.h"

namespace souk::client {

// Blocking calls to AuthService, for the CLI and tests. The GUI calls the same stubs
// from its network thread.
class AuthClient {
 public:
  explicit AuthClient(std::shared_ptr<grpc::Channel> channel);

  void set_token(std::string token) { token_ = std::move(token); }

  Result<v1::RegisterResponse> register_account(const v1::RegisterRequest& request);
  Result<v1::LoginResponse> login(const v1::LoginRequest& request);
  Status logout();
  Result<v1::WhoAmIResponse> whoami();
  Result<v1::ListSessionsResponse> sessions();
  Status end_session(const std::string& session_id);
  // How many sessions were ended.
  Result<int> end_other_sessions();
  // How many other sessions the change ended.
  Result<int> change_password(const std::string& current, const std::string& next);

 private:
  std::unique_ptr<v1::AuthService::Stub> stub_;
  std::string token_;
};

}  // namespace souk::client
