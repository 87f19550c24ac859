#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "common/status.hpp"
#include "souk/v1/chat.grpc.pb.h"

namespace souk::client {

// Blocking calls to ChatService (the event stream is EventStream).
class ChatClient {
 public:
  ChatClient(std::shared_ptr<grpc::Channel> channel, std::string token);

  Result<v1::SendMessageResponse> send(const v1::SendMessageRequest& request);
  Result<v1::GetHistoryResponse> history(const v1::GetHistoryRequest& request);
  Result<v1::ListConversationsResponse> conversations();
  Result<v1::MarkReadResponse> mark_read(const v1::MarkReadRequest& request);
  Status set_typing(const v1::SetTypingRequest& request);
  Status ack(int64_t seq);

  static v1::ConversationRef peer(const std::string& member_id);
  static v1::ConversationRef conversation(int64_t id);
  // A fresh client_msg_id: milliseconds since the epoch, then 64 random bits, in hex.
  static std::string new_client_msg_id();

 private:
  std::unique_ptr<v1::ChatService::Stub> stub_;
  std::string token_;
};

}  // namespace souk::client
