#include "server/rpc/auth_service.hpp"

#include <boost/asio/post.hpp>

#include "server/rpc/call_auth.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/peer_address.hpp"
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

// An unauthenticated request: refused by its length alone when it is too long, so that a
// caller without an account cannot make soukd parse, copy or keep megabytes.
template <class Message>
grpc::Status parse_small(const grpc::ByteBuffer& request, int64_t limit, const char* call,
                         Message& out) {
  const auto size = static_cast<int64_t>(request.Length());
  if (size > limit) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            std::string(call) + " requests may be at most " + std::to_string(limit) +
                " bytes (max_auth_request_bytes); this one has " + std::to_string(size)};
  }
  grpc::ByteBuffer copy(request);  // shares the bytes; parsing consumes the buffer
  auto status = grpc::SerializationTraits<Message>::Deserialize(&copy, &out);
  if (!status.ok()) {
    return {grpc::StatusCode::INVALID_ARGUMENT, std::string(call) + " request is not valid"};
  }
  return grpc::Status::OK;
}

template <class Message>
grpc::Status serialize(const Message& message, grpc::ByteBuffer* out) {
  bool own_buffer = false;
  return grpc::SerializationTraits<Message>::Serialize(message, out, &own_buffer);
}

}  // namespace

grpc::ServerUnaryReactor* AuthService::Register(grpc::CallbackServerContext* context,
                                                const grpc::ByteBuffer* raw,
                                                grpc::ByteBuffer* response) {
  auto* reactor = unary_reactor(context);
  v1::RegisterRequest request;
  if (auto s = parse_small(*raw, accounts_.settings().max_auth_request_bytes, "Register", request);
      !s.ok()) {
    reactor->Finish(s);
    return reactor;
  }
  domain::RegisterInput input{request.member_id(),    request.password(),
                              request.display_name(), request.role(),
                              request.shop_name(),    peer_address(context->peer())};
  accounts_.register_account(std::move(input),
                             [reactor, response](Result<domain::AccountView> result) {
                               if (!result) return reactor->Finish(to_grpc(result.status()));
                               v1::RegisterResponse out;
                               fill_account(*result, out.mutable_account());
                               reactor->Finish(serialize(out, response));
                             });
  return reactor;
}

grpc::ServerUnaryReactor* AuthService::Login(grpc::CallbackServerContext* context,
                                             const grpc::ByteBuffer* raw,
                                             grpc::ByteBuffer* response) {
  auto* reactor = unary_reactor(context);
  v1::LoginRequest request;
  if (auto s = parse_small(*raw, accounts_.settings().max_auth_request_bytes, "Login", request);
      !s.ok()) {
    reactor->Finish(s);
    return reactor;
  }
  domain::LoginInput input{request.member_id(), request.password(), request.device_name(),
                           peer_address(context->peer())};
  accounts_.login(std::move(input), [reactor, response](Result<domain::LoginOutput> result) {
    if (!result) return reactor->Finish(to_grpc(result.status()));
    v1::LoginResponse out;
    out.set_token(result->token);
    out.set_expires_at_ms(result->expires_at_ms);
    fill_account(result->account, out.mutable_account());
    reactor->Finish(serialize(out, response));
  });
  return reactor;
}

grpc::ServerUnaryReactor* AuthService::Logout(grpc::CallbackServerContext* context,
                                              const v1::LogoutRequest*, v1::LogoutResponse*) {
  auto* reactor = unary_reactor(context);
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
  auto* reactor = unary_reactor(context);
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

grpc::ServerUnaryReactor* AuthService::ListSessions(grpc::CallbackServerContext* context,
                                                    const v1::ListSessionsRequest*,
                                                    v1::ListSessionsResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, response, who = *session] {
    auto sessions = accounts_.sessions(who);
    if (!sessions) return reactor->Finish(to_grpc(sessions.status()));
    for (const auto& s : *sessions) {
      auto* out = response->add_sessions();
      out->set_id(s.id);
      out->set_device_name(s.device_name);
      out->set_created_at_ms(s.created_at_ms);
      out->set_last_seen_ms(s.last_seen_ms);
      out->set_expires_at_ms(s.expires_at_ms);
      out->set_current(s.current);
    }
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* AuthService::EndSession(grpc::CallbackServerContext* context,
                                                  const v1::EndSessionRequest* request,
                                                  v1::EndSessionResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  accounts_.end_session(*session, request->session_id(), finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* AuthService::EndOtherSessions(grpc::CallbackServerContext* context,
                                                        const v1::EndOtherSessionsRequest*,
                                                        v1::EndOtherSessionsResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  accounts_.end_other_sessions(*session, [reactor, response](Result<int> ended) {
    if (!ended) return reactor->Finish(to_grpc(ended.status()));
    response->set_ended(*ended);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* AuthService::ChangePassword(grpc::CallbackServerContext* context,
                                                      const v1::ChangePasswordRequest* request,
                                                      v1::ChangePasswordResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  accounts_.change_password(*session, request->current_password(), request->new_password(),
                            [reactor, response](Result<int> ended) {
                              if (!ended) return reactor->Finish(to_grpc(ended.status()));
                              response->set_ended_sessions(*ended);
                              reactor->Finish(grpc::Status::OK);
                            });
  return reactor;
}

}  // namespace souk::rpc
