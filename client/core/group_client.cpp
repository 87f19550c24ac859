#include "client/core/group_client.hpp"

#include "client/core/call_options.hpp"

namespace souk::client {

GroupClient::GroupClient(std::shared_ptr<grpc::Channel> channel, std::string token)
    : stub_(v1::GroupService::NewStub(std::move(channel))), token_(std::move(token)) {}

Result<v1::CreateGroupChatResponse> GroupClient::create(const v1::CreateGroupChatRequest& request) {
  return unary_call<v1::CreateGroupChatResponse>(token_, [&](auto& context, auto& response) {
    return stub_->CreateGroupChat(&context, request, &response);
  });
}

Result<v1::AddMembersResponse> GroupClient::add_members(const v1::AddMembersRequest& request) {
  return unary_call<v1::AddMembersResponse>(token_, [&](auto& context, auto& response) {
    return stub_->AddMembers(&context, request, &response);
  });
}

Status GroupClient::remove_member(const v1::RemoveMemberRequest& request) {
  return unary_call<v1::RemoveMemberResponse>(token_,
                                              [&](auto& context, auto& response) {
                                                return stub_->RemoveMember(&context, request,
                                                                           &response);
                                              })
      .status();
}

Status GroupClient::leave(int64_t conversation_id) {
  v1::LeaveGroupRequest request;
  request.set_conversation_id(conversation_id);
  return unary_call<v1::LeaveGroupResponse>(token_,
                                            [&](auto& context, auto& response) {
                                              return stub_->LeaveGroup(&context, request,
                                                                       &response);
                                            })
      .status();
}

Result<v1::RenameGroupResponse> GroupClient::rename(const v1::RenameGroupRequest& request) {
  return unary_call<v1::RenameGroupResponse>(token_, [&](auto& context, auto& response) {
    return stub_->RenameGroup(&context, request, &response);
  });
}

Status GroupClient::set_admin(const v1::SetAdminRequest& request) {
  return unary_call<v1::SetAdminResponse>(token_,
                                          [&](auto& context, auto& response) {
                                            return stub_->SetAdmin(&context, request, &response);
                                          })
      .status();
}

Status GroupClient::transfer_ownership(const v1::TransferOwnershipRequest& request) {
  return unary_call<v1::TransferOwnershipResponse>(token_,
                                                   [&](auto& context, auto& response) {
                                                     return stub_->TransferOwnership(
                                                         &context, request, &response);
                                                   })
      .status();
}

Status GroupClient::set_history_visibility(const v1::SetHistoryVisibilityRequest& request) {
  return unary_call<v1::SetHistoryVisibilityResponse>(token_,
                                                      [&](auto& context, auto& response) {
                                                        return stub_->SetHistoryVisibility(
                                                            &context, request, &response);
                                                      })
      .status();
}

Result<v1::ListGroupChatsResponse> GroupClient::list() {
  return unary_call<v1::ListGroupChatsResponse>(token_, [&](auto& context, auto& response) {
    return stub_->ListGroupChats(&context, {}, &response);
  });
}

Result<v1::GetMembersResponse> GroupClient::members(int64_t conversation_id) {
  v1::GetMembersRequest request;
  request.set_conversation_id(conversation_id);
  return unary_call<v1::GetMembersResponse>(token_, [&](auto& context, auto& response) {
    return stub_->GetMembers(&context, request, &response);
  });
}

Result<v1::GetReceiptsResponse> GroupClient::receipts(int64_t conversation_id, int64_t seq) {
  v1::GetReceiptsRequest request;
  request.set_conversation_id(conversation_id);
  request.set_seq(seq);
  return unary_call<v1::GetReceiptsResponse>(token_, [&](auto& context, auto& response) {
    return stub_->GetReceipts(&context, request, &response);
  });
}

}  // namespace souk::client
