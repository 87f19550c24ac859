#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "common/status.hpp"
#include "souk/v1/contacts.grpc.pb.h"

namespace souk::client {

// Blocking calls to ContactService. Contact and presence changes arrive on the event
// stream (EventStream), not here.
class ContactClient {
 public:
  ContactClient(std::shared_ptr<grpc::Channel> channel, std::string token);

  Result<v1::SearchUsersResponse> search(const v1::SearchUsersRequest& request);
  Result<v1::AddContactResponse> add(const v1::AddContactRequest& request);
  Status answer_request(const v1::AnswerRequestRequest& request);
  Status remove(const v1::RemoveContactRequest& request);
  Status block(const v1::BlockRequest& request);
  Result<v1::ListContactsResponse> list();
  Result<v1::ContactGroupResponse> edit_group(const v1::ContactGroupRequest& request);
  Status set_policy(const v1::SetContactPolicyRequest& request);
  Result<v1::SetPresenceResponse> set_presence(const v1::SetPresenceRequest& request);
  Status report_activity();

 private:
  std::unique_ptr<v1::ContactService::Stub> stub_;
  std::string token_;
};

}  // namespace souk::client
