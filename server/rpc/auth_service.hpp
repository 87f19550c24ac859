#pragma once

#include <boost/asio/thread_pool.hpp>

#include "server/domain/accounts.hpp"
#include "souk/v1/auth.grpc.pb.h"

namespace souk::rpc {

// Register and Login take their requests raw, so that an oversized one (they are the calls
// anyone may make without a session) is refused by its length before it is parsed, and
// nothing of it outlives the call.
class AuthService final : public souk::v1::AuthService::WithRawCallbackMethod_Register<
                              souk::v1::AuthService::WithRawCallbackMethod_Login<
                                  souk::v1::AuthService::CallbackService>> {
 public:
  AuthService(domain::Accounts& accounts, boost::asio::thread_pool& pool)
      : accounts_(accounts), pool_(pool) {}

  grpc::ServerUnaryReactor* Register(grpc::CallbackServerContext* context,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
                                  const grpc::ByteBuffer* request,
                                  grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context,
                                   const v1::LogoutRequest* request,
                                   v1::LogoutResponse* response) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* context,
                                   const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) override;
  grpc::ServerUnaryReactor* ListSessions(grpc::CallbackServerContext* context,
                                         const v1::ListSessionsRequest* request,
                                         v1::ListSessionsResponse* response) override;
  grpc::ServerUnaryReactor* EndSession(grpc::CallbackServerContext* context,
                                       const v1::EndSessionRequest* request,
                                       v1::EndSessionResponse* response) override;
  grpc::ServerUnaryReactor* EndOtherSessions(grpc::CallbackServerContext* context,
                                             const v1::EndOtherSessionsRequest* request,
                                             v1::EndOtherSessionsResponse* response) override;
  grpc::ServerUnaryReactor* ChangePassword(grpc::CallbackServerContext* context,
                                           const v1::ChangePasswordRequest* request,
                                           v1::ChangePasswordResponse* response) override;

 private:
  domain::Accounts& accounts_;
  boost::asio::thread_pool& pool_;
};

}  // namespace souk::rpc
