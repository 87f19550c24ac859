#include "server/rpc/contact_service.hpp"

#include <boost/asio/post.hpp>

#include "server/rpc/call_auth.hpp"
#include "server/rpc/contact_mapping.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {

grpc::ServerUnaryReactor* ContactService::SearchUsers(grpc::CallbackServerContext* context,
                                                      const v1::SearchUsersRequest* request,
                                                      v1::SearchUsersResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_within_rate_or_finish(accounts_, rates_, RatedCall::kSearchUsers,
                                                    context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, request, response, who = *session] {
    auto cards = contacts_.search(who, request->query());
    if (cards) {
      for (const auto& card : *cards) fill_card(card, response->add_users());
    }
    reactor->Finish(to_grpc(cards.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::AddContact(grpc::CallbackServerContext* context,
                                                     const v1::AddContactRequest* request,
                                                     v1::AddContactResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_within_rate_or_finish(accounts_, rates_, RatedCall::kAddContact,
                                                    context, reactor);
  if (!session) return reactor;
  contacts_.add(*session, request->member_id(), request->group_id(),
                [reactor, response](Result<std::pair<domain::AddOutcome, domain::UserCard>> r) {
                  if (!r) return reactor->Finish(to_grpc(r.status()));
                  response->set_outcome(static_cast<v1::AddContactResponse::Outcome>(r->first));
                  fill_card(r->second, response->mutable_contact());
                  reactor->Finish(grpc::Status::OK);
                });
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::AnswerRequest(grpc::CallbackServerContext* context,
                                                        const v1::AnswerRequestRequest* request,
                                                        v1::AnswerRequestResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  contacts_.answer(*session, request->member_id(), request->accept(), finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::RemoveContact(grpc::CallbackServerContext* context,
                                                        const v1::RemoveContactRequest* request,
                                                        v1::RemoveContactResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  contacts_.remove(*session, request->member_id(), request->request_only(), finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::Block(grpc::CallbackServerContext* context,
                                                const v1::BlockRequest* request,
                                                v1::BlockResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  contacts_.block(*session, request->member_id(), request->blocked(), finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::ListContacts(grpc::CallbackServerContext* context,
                                                       const v1::ListContactsRequest*,
                                                       v1::ListContactsResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, response, who = *session] {
    auto list = contacts_.list(who);
    if (list) fill_contact_list(*list, response);
    reactor->Finish(to_grpc(list.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::EditContactGroup(grpc::CallbackServerContext* context,
                                                           const v1::ContactGroupRequest* request,
                                                           v1::ContactGroupResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  if (request->action() < v1::ContactGroupRequest::ACTION_CREATE ||
      request->action() > v1::ContactGroupRequest::ACTION_MOVE_CONTACT) {
    reactor->Finish({grpc::StatusCode::INVALID_ARGUMENT, "say what to do with the group"});
    return reactor;
  }
  domain::GroupEdit edit{static_cast<domain::GroupEdit::Action>(request->action()),
                         request->group_id(), request->name(), request->position(),
                         request->member_id()};
  contacts_.edit_group(*session, std::move(edit), [reactor, response](Result<storage::GroupRow> r) {
    if (!r) return reactor->Finish(to_grpc(r.status()));
    fill_group(*r, response->mutable_group());
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::SetContactPolicy(
    grpc::CallbackServerContext* context, const v1::SetContactPolicyRequest* request,
    v1::SetContactPolicyResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  contacts_.set_policy(*session, request->policy(), finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::SetPresence(grpc::CallbackServerContext* context,
                                                      const v1::SetPresenceRequest* request,
                                                      v1::SetPresenceResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  presence_.choose(
      *session, request->state(), request->status_text(),
      [reactor, response, member = session->member_id](Result<domain::PresenceView> r) {
        if (!r) return reactor->Finish(to_grpc(r.status()));
        fill_presence(member, *r, response->mutable_presence());
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

grpc::ServerUnaryReactor* ContactService::ReportActivity(grpc::CallbackServerContext* context,
                                                         const v1::ReportActivityRequest*,
                                                         v1::ReportActivityResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  presence_.activity(*session);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace souk::rpc
