#include "client/core/chat_client.hpp"

#include <chrono>
#include <cstdio>
#include <random>

#include "client/core/call_options.hpp"

namespace souk::client {

ChatClient::ChatClient(std::shared_ptr<grpc::Channel> channel, std::string token)
    : stub_(v1::ChatService::NewStub(std::move(channel))), token_(std::move(token)) {}

Result<v1::SendMessageResponse> ChatClient::send(const v1::SendMessageRequest& request) {
  return unary_call<v1::SendMessageResponse>(token_, [&](auto& context, auto& response) {
    return stub_->SendMessage(&context, request, &response);
  });
}

Result<v1::GetHistoryResponse> ChatClient::history(const v1::GetHistoryRequest& request) {
  return unary_call<v1::GetHistoryResponse>(token_, [&](auto& context, auto& response) {
    return stub_->GetHistory(&context, request, &response);
  });
}

Result<v1::ListConversationsResponse> ChatClient::conversations() {
  return unary_call<v1::ListConversationsResponse>(token_, [&](auto& context, auto& response) {
    return stub_->ListConversations(&context, {}, &response);
  });
}

Result<v1::MarkReadResponse> ChatClient::mark_read(const v1::MarkReadRequest& request) {
  return unary_call<v1::MarkReadResponse>(token_, [&](auto& context, auto& response) {
    return stub_->MarkRead(&context, request, &response);
  });
}

Status ChatClient::set_typing(const v1::SetTypingRequest& request) {
  return unary_call<v1::SetTypingResponse>(token_,
                                           [&](auto& context, auto& response) {
                                             return stub_->SetTyping(&context, request, &response);
                                           })
      .status();
}

Status ChatClient::ack(int64_t seq) {
  v1::AckRequest request;
  request.set_ack_seq(seq);
  return unary_call<v1::AckResponse>(token_,
                                     [&](auto& context, auto& response) {
                                       return stub_->Ack(&context, request, &response);
                                     })
      .status();
}

v1::ConversationRef ChatClient::peer(const std::string& member_id) {
  v1::ConversationRef ref;
  ref.set_peer_member_id(member_id);
  return ref;
}

v1::ConversationRef ChatClient::conversation(int64_t id) {
  v1::ConversationRef ref;
  ref.set_conversation_id(id);
  return ref;
}

std::string ChatClient::new_client_msg_id() {
  // Time first, like UUIDv7: ids of one sender arrive in order, so the server's
  // idempotency index grows at its end instead of at random pages.
  static thread_local std::mt19937_64 rng(std::random_device{}());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%012llx%016llx", static_cast<unsigned long long>(ms),
                static_cast<unsigned long long>(rng()));
  return buf;
}

}  // namespace souk::client
