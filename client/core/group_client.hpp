#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "common/status.hpp"
#include "souk/v1/groups.grpc.pb.h"

namespace souk::client {

// Blocking calls to GroupService. Group messages go through ChatClient with
// ChatClient::conversation(id); changes to a group arrive on the event stream as messages
// carrying a GroupSystemEvent.
class GroupClient {
 public:
  GroupClient(std::shared_ptr<grpc::Channel> channel, std::string token);

  Result<v1::CreateGroupChatResponse> create(const v1::CreateGroupChatRequest& request);
  Result<v1::AddMembersResponse> add_members(const v1::AddMembersRequest& request);
  Status remove_member(const v1::RemoveMemberRequest& request);
  Status leave(int64_t conversation_id);
  Result<v1::RenameGroupResponse> rename(const v1::RenameGroupRequest& request);
  Status set_admin(const v1::SetAdminRequest& request);
  Status transfer_ownership(const v1::TransferOwnershipRequest& request);
  Status set_history_visibility(const v1::SetHistoryVisibilityRequest& request);
  Result<v1::ListGroupChatsResponse> list();
  Result<v1::GetMembersResponse> members(int64_t conversation_id);
  Result<v1::GetReceiptsResponse> receipts(int64_t conversation_id, int64_t seq);

 private:
  std::unique_ptr<v1::GroupService::Stub> stub_;
  std::string token_;
};

}  // namespace souk::client
