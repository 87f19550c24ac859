#pragma once

#include <boost/asio/thread_pool.hpp>

#include "server/domain/accounts.hpp"
#include "server/domain/groups.hpp"
#include "server/rpc/rate_check.hpp"
#include "souk/v1/groups.grpc.pb.h"

namespace souk::rpc {

class GroupService final : public v1::GroupService::CallbackService {
 public:
  GroupService(domain::Accounts& accounts, domain::Groups& groups, boost::asio::thread_pool& pool,
               CallRates& rates)
      : accounts_(accounts), groups_(groups), pool_(pool), rates_(rates) {}

  grpc::ServerUnaryReactor* CreateGroupChat(grpc::CallbackServerContext* context,
                                            const v1::CreateGroupChatRequest* request,
                                            v1::CreateGroupChatResponse* response) override;
  grpc::ServerUnaryReactor* AddMembers(grpc::CallbackServerContext* context,
                                       const v1::AddMembersRequest* request,
                                       v1::AddMembersResponse* response) override;
  grpc::ServerUnaryReactor* RemoveMember(grpc::CallbackServerContext* context,
                                         const v1::RemoveMemberRequest* request,
                                         v1::RemoveMemberResponse* response) override;
  grpc::ServerUnaryReactor* LeaveGroup(grpc::CallbackServerContext* context,
                                       const v1::LeaveGroupRequest* request,
                                       v1::LeaveGroupResponse* response) override;
  grpc::ServerUnaryReactor* RenameGroup(grpc::CallbackServerContext* context,
                                        const v1::RenameGroupRequest* request,
                                        v1::RenameGroupResponse* response) override;
  grpc::ServerUnaryReactor* SetAdmin(grpc::CallbackServerContext* context,
                                     const v1::SetAdminRequest* request,
                                     v1::SetAdminResponse* response) override;
  grpc::ServerUnaryReactor* TransferOwnership(grpc::CallbackServerContext* context,
                                              const v1::TransferOwnershipRequest* request,
                                              v1::TransferOwnershipResponse* response) override;
  grpc::ServerUnaryReactor* SetHistoryVisibility(
      grpc::CallbackServerContext* context, const v1::SetHistoryVisibilityRequest* request,
      v1::SetHistoryVisibilityResponse* response) override;
  grpc::ServerUnaryReactor* ListGroupChats(grpc::CallbackServerContext* context,
                                           const v1::ListGroupChatsRequest* request,
                                           v1::ListGroupChatsResponse* response) override;
  grpc::ServerUnaryReactor* GetMembers(grpc::CallbackServerContext* context,
                                       const v1::GetMembersRequest* request,
                                       v1::GetMembersResponse* response) override;
  grpc::ServerUnaryReactor* GetReceipts(grpc::CallbackServerContext* context,
                                        const v1::GetReceiptsRequest* request,
                                        v1::GetReceiptsResponse* response) override;

 private:
  domain::Accounts& accounts_;
  domain::Groups& groups_;
  boost::asio::thread_pool& pool_;  // for calls that read SQLite
  CallRates& rates_;
};

}  // namespace souk::rpc
