#pragma once

#include <boost/asio/thread_pool.hpp>

#include "server/domain/accounts.hpp"
#include "server/domain/contacts.hpp"
#include "server/domain/presence.hpp"
#include "server/rpc/rate_check.hpp"
#include "souk/v1/contacts.grpc.pb.h"

namespace souk::rpc {

class ContactService final : public v1::ContactService::CallbackService {
 public:
  ContactService(domain::Accounts& accounts, domain::Contacts& contacts, domain::Presence& presence,
                 boost::asio::thread_pool& pool, CallRates& rates)
      : accounts_(accounts), contacts_(contacts), presence_(presence), pool_(pool), rates_(rates) {}

  grpc::ServerUnaryReactor* SearchUsers(grpc::CallbackServerContext* context,
                                        const v1::SearchUsersRequest* request,
                                        v1::SearchUsersResponse* response) override;
  grpc::ServerUnaryReactor* AddContact(grpc::CallbackServerContext* context,
                                       const v1::AddContactRequest* request,
                                       v1::AddContactResponse* response) override;
  grpc::ServerUnaryReactor* AnswerRequest(grpc::CallbackServerContext* context,
                                          const v1::AnswerRequestRequest* request,
                                          v1::AnswerRequestResponse* response) override;
  grpc::ServerUnaryReactor* RemoveContact(grpc::CallbackServerContext* context,
                                          const v1::RemoveContactRequest* request,
                                          v1::RemoveContactResponse* response) override;
  grpc::ServerUnaryReactor* Block(grpc::CallbackServerContext* context,
                                  const v1::BlockRequest* request,
                                  v1::BlockResponse* response) override;
  grpc::ServerUnaryReactor* ListContacts(grpc::CallbackServerContext* context,
                                         const v1::ListContactsRequest* request,
                                         v1::ListContactsResponse* response) override;
  grpc::ServerUnaryReactor* EditContactGroup(grpc::CallbackServerContext* context,
                                             const v1::ContactGroupRequest* request,
                                             v1::ContactGroupResponse* response) override;
  grpc::ServerUnaryReactor* SetContactPolicy(grpc::CallbackServerContext* context,
                                             const v1::SetContactPolicyRequest* request,
                                             v1::SetContactPolicyResponse* response) override;
  grpc::ServerUnaryReactor* SetPresence(grpc::CallbackServerContext* context,
                                        const v1::SetPresenceRequest* request,
                                        v1::SetPresenceResponse* response) override;
  grpc::ServerUnaryReactor* ReportActivity(grpc::CallbackServerContext* context,
                                           const v1::ReportActivityRequest* request,
                                           v1::ReportActivityResponse* response) override;

 private:
  domain::Accounts& accounts_;
  domain::Contacts& contacts_;
  domain::Presence& presence_;
  boost::asio::thread_pool& pool_;  // for calls that read SQLite
  CallRates& rates_;
};

}  // namespace souk::rpc
