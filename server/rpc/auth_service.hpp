#pragma once

#include "server/domain/accounts.hpp"
#include "souk/v1/auth.grpc.pb.h"

namespace souk::rpc {

class AuthService final : public souk::v1::AuthService::CallbackService {
 public:
  explicit AuthService(domain::Accounts& accounts) : accounts_(accounts) {}

  grpc::ServerUnaryReactor* Register(grpc::CallbackServerContext* context,
                                     const v1::RegisterRequest* request,
                                     v1::RegisterResponse* response) override;
  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
                                  const v1::LoginRequest* request,
                                  v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context,
                                   const v1::LogoutRequest* request,
                                   v1::LogoutResponse* response) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) override;

 private:
  domain::Accounts& accounts_;
};

}  // namespace souk::rpc
