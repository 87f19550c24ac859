#include "server/rpc/auth_service.hpp"

#include "server/rpc/call_auth.hpp"
#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {

namespace {

void fill_account(const domain::AccountView& view, v1::Account* out) {
  out->set_member_id(view.member_id);
  out->set_display_name(view.display_name);
  out->set_role(static_cast<v1::Role>(view.role));
  out->set_shop_name(view.shop_name);
  out->set_created_at_ms(view.created_at_ms);
}

}  // namespace

grpc::ServerUnaryReactor* AuthService::Register(grpc::CallbackServerContext* context,
                                                const v1::RegisterRequest* request,
                                                v1::RegisterResponse* response) {
  auto* reactor = context->DefaultReactor();
  domain::RegisterInput input{request->member_id(), request->password(), request->display_name(),
                              request->role(), request->shop_name()};
  accounts_.register_account(std::move(input),
                             [reactor, response](Result<domain::AccountView> result) {
                               if (!result) return reactor->Finish(to_grpc(result.status()));
                               fill_account(*result, response->mutable_account());
                               reactor->Finish(grpc::Status::OK);
                             });
  return reactor;
}

grpc::ServerUnaryReactor* AuthService::Login(grpc::CallbackServerContext* context,
                                             const v1::LoginRequest* request,
                                             v1::LoginResponse* response) {
  auto* reactor = context->DefaultReactor();
  domain::LoginInput input{request->member_id(), request->password(), request->device_name()};
  accounts_.login(std::move(input), [reactor, response](Result<domain::LoginOutput> result) {
    if (!result) return reactor->Finish(to_grpc(result.status()));
    response->set_token(result->token);
    response->set_expires_at_ms(result->expires_at_ms);
    fill_account(result->account, response->mutable_account());
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* AuthService::Logout(grpc::CallbackServerContext* context,
                                              const v1::LogoutRequest*, v1::LogoutResponse*) {
  auto* reactor = context->DefaultReactor();
  auto session = authenticate_call(accounts_, *context);
  if (!session) {
    reactor->Finish(to_grpc(session.status()));
    return reactor;
  }
  accounts_.logout(*session, [reactor](Status s) { reactor->Finish(to_grpc(s)); });
  return reactor;
}

grpc::ServerUnaryReactor* AuthService::WhoAmI(grpc::CallbackServerContext* context,
                                              const v1::WhoAmIRequest*,
                                              v1::WhoAmIResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto session = authenticate_call(accounts_, *context);
  if (!session) {
    reactor->Finish(to_grpc(session.status()));
    return reactor;
  }
  auto account = accounts_.account(session->account_id);
  if (!account) {
    reactor->Finish(to_grpc(account.status()));
    return reactor;
  }
  fill_account(*account, response->mutable_account());
  response->set_device_name(session->device_name);
  response->set_expires_at_ms(session->expires_at_ms);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace souk::rpc
