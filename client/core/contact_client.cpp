#include "client/core/contact_client.hpp"

#include "client/core/call_options.hpp"

namespace souk::client {

ContactClient::ContactClient(std::shared_ptr<grpc::Channel> channel, std::string token)
    : stub_(v1::ContactService::NewStub(std::move(channel))), token_(std::move(token)) {}

Result<v1::SearchUsersResponse> ContactClient::search(const v1::SearchUsersRequest& request) {
  return unary_call<v1::SearchUsersResponse>(token_, [&](auto& context, auto& response) {
    return stub_->SearchUsers(&context, request, &response);
  });
}

Result<v1::AddContactResponse> ContactClient::add(const v1::AddContactRequest& request) {
  return unary_call<v1::AddContactResponse>(token_, [&](auto& context, auto& response) {
    return stub_->AddContact(&context, request, &response);
  });
}

Status ContactClient::answer_request(const v1::AnswerRequestRequest& request) {
  return unary_call<v1::AnswerRequestResponse>(token_,
                                               [&](auto& context, auto& response) {
                                                 return stub_->AnswerRequest(&context, request,
                                                                             &response);
                                               })
      .status();
}

Status ContactClient::remove(const v1::RemoveContactRequest& request) {
  return unary_call<v1::RemoveContactResponse>(token_,
                                               [&](auto& context, auto& response) {
                                                 return stub_->RemoveContact(&context, request,
                                                                             &response);
                                               })
      .status();
}

Status ContactClient::block(const v1::BlockRequest& request) {
  return unary_call<v1::BlockResponse>(token_,
                                       [&](auto& context, auto& response) {
                                         return stub_->Block(&context, request, &response);
                                       })
      .status();
}

Result<v1::ListContactsResponse> ContactClient::list() {
  return unary_call<v1::ListContactsResponse>(token_, [&](auto& context, auto& response) {
    return stub_->ListContacts(&context, {}, &response);
  });
}

Result<v1::ContactGroupResponse> ContactClient::edit_group(const v1::ContactGroupRequest& request) {
  return unary_call<v1::ContactGroupResponse>(token_, [&](auto& context, auto& response) {
    return stub_->EditContactGroup(&context, request, &response);
  });
}

Status ContactClient::set_policy(const v1::SetContactPolicyRequest& request) {
  return unary_call<v1::SetContactPolicyResponse>(token_,
                                                  [&](auto& context, auto& response) {
                                                    return stub_->SetContactPolicy(
                                                        &context, request, &response);
                                                  })
      .status();
}

Result<v1::SetPresenceResponse> ContactClient::set_presence(const v1::SetPresenceRequest& request) {
  return unary_call<v1::SetPresenceResponse>(token_, [&](auto& context, auto& response) {
    return stub_->SetPresence(&context, request, &response);
  });
}

Status ContactClient::report_activity() {
  return unary_call<v1::ReportActivityResponse>(
             token_, [&](auto& context,
                         auto& response) { return stub_->ReportActivity(&context, {}, &response); })
      .status();
}

}  // namespace souk::client
