#include "server/rpc/group_service.hpp"

#include <boost/asio/post.hpp>

#include "server/rpc/call_auth.hpp"
#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/contact_mapping.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {

namespace {

std::vector<std::string> member_ids(const google::protobuf::RepeatedPtrField<std::string>& ids) {
  return {ids.begin(), ids.end()};
}

void fill_group(const storage::GroupListing& g, v1::GroupChat* out) {
  out->set_conversation_id(g.group.id);
  out->set_name(g.group.name);
  out->set_owner_member_id(g.owner_member_id);
  out->set_my_role(static_cast<v1::GroupRole>(g.my_role));
  out->set_member_count(g.member_count);
  out->set_history_visibility(static_cast<v1::HistoryVisibility>(g.group.history_visibility));
  out->set_created_at_ms(g.group.created_at_ms);
  out->set_last_seq(g.group.last_seq);
  out->set_read_seq(g.read_seq);
  out->set_unread_count(g.unread_count);
}

// Answers with the group as the caller now sees it.
template <class Response>
domain::Reply<storage::GroupListing> group_reply(grpc::ServerUnaryReactor* reactor,
                                                 Response* response) {
  return [reactor, response](Result<storage::GroupListing> r) {
    if (!r) return reactor->Finish(to_grpc(r.status()));
    fill_group(*r, response->mutable_group());
    reactor->Finish(grpc::Status::OK);
  };
}

}  // namespace

grpc::ServerUnaryReactor* GroupService::CreateGroupChat(grpc::CallbackServerContext* context,
                                                        const v1::CreateGroupChatRequest* request,
                                                        v1::CreateGroupChatResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_within_rate_or_finish(accounts_, rates_, RatedCall::kCreateGroupChat,
                                                    context, reactor);
  if (!session) return reactor;
  groups_.create(*session, request->name(), member_ids(request->member_ids()),
                 request->history_visibility(), group_reply(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::AddMembers(grpc::CallbackServerContext* context,
                                                   const v1::AddMembersRequest* request,
                                                   v1::AddMembersResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  groups_.add_members(*session, request->conversation_id(), member_ids(request->member_ids()),
                      group_reply(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::RemoveMember(grpc::CallbackServerContext* context,
                                                     const v1::RemoveMemberRequest* request,
                                                     v1::RemoveMemberResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  groups_.remove_member(*session, request->conversation_id(), request->member_id(),
                        finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::LeaveGroup(grpc::CallbackServerContext* context,
                                                   const v1::LeaveGroupRequest* request,
                                                   v1::LeaveGroupResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  groups_.leave(*session, request->conversation_id(), finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::RenameGroup(grpc::CallbackServerContext* context,
                                                    const v1::RenameGroupRequest* request,
                                                    v1::RenameGroupResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  groups_.rename(*session, request->conversation_id(), request->name(),
                 group_reply(reactor, response));
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::SetAdmin(grpc::CallbackServerContext* context,
                                                 const v1::SetAdminRequest* request,
                                                 v1::SetAdminResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  groups_.set_admin(*session, request->conversation_id(), request->member_id(), request->admin(),
                    finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::TransferOwnership(
    grpc::CallbackServerContext* context, const v1::TransferOwnershipRequest* request,
    v1::TransferOwnershipResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  groups_.transfer_ownership(*session, request->conversation_id(), request->member_id(),
                             finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::SetHistoryVisibility(
    grpc::CallbackServerContext* context, const v1::SetHistoryVisibilityRequest* request,
    v1::SetHistoryVisibilityResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  groups_.set_history_visibility(*session, request->conversation_id(),
                                 request->history_visibility(), finisher(reactor));
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::ListGroupChats(grpc::CallbackServerContext* context,
                                                       const v1::ListGroupChatsRequest*,
                                                       v1::ListGroupChatsResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, response, who = *session] {
    auto list = groups_.list(who);
    if (list) {
      for (const auto& g : *list) fill_group(g, response->add_groups());
    }
    reactor->Finish(to_grpc(list.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::GetMembers(grpc::CallbackServerContext* context,
                                                   const v1::GetMembersRequest* request,
                                                   v1::GetMembersResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, request, response, who = *session] {
    auto members = groups_.members(who, request->conversation_id());
    if (members) {
      for (const auto& m : *members) {
        auto* out = response->add_members();
        out->set_member_id(m.row.member_id);
        out->set_display_name(m.row.display_name);
        out->set_role(static_cast<v1::GroupRole>(m.row.role));
        fill_presence(m.row.member_id, m.presence, out->mutable_presence());
        out->set_joined_at_ms(m.row.joined_at_ms);
      }
    }
    reactor->Finish(to_grpc(members.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* GroupService::GetReceipts(grpc::CallbackServerContext* context,
                                                    const v1::GetReceiptsRequest* request,
                                                    v1::GetReceiptsResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, request, response, who = *session] {
    auto detail = groups_.receipts(who, request->conversation_id(), request->seq());
    if (detail) {
      fill_receipts(detail->counts, response->mutable_receipts());
      for (const auto& id : detail->delivered_to) response->add_delivered_to(id);
      for (const auto& id : detail->read_by) response->add_read_by(id);
    }
    reactor->Finish(to_grpc(detail.status()));
  });
  return reactor;
}

}  // namespace souk::rpc
