#pragma once

#include <chrono>

#include "server/domain/accounts.hpp"
#include "server/domain/event_hub.hpp"
#include "server/domain/messaging.hpp"
#include "server/domain/presence.hpp"
#include "server/domain/translations.hpp"
#include "server/rpc/rate_check.hpp"
#include "souk/v1/chat.grpc.pb.h"

namespace souk::rpc {

// The generated callback service, but Subscribe and SendMessage in raw bytes, so that a
// large text is never copied on its way out (see event_encoding.hpp).
using ChatServiceBase = v1::ChatService::WithRawCallbackMethod_SendMessage<
    v1::ChatService::WithRawCallbackMethod_Subscribe<
        v1::ChatService::WithCallbackMethod_Ack<v1::ChatService::WithCallbackMethod_GetHistory<
            v1::ChatService::WithCallbackMethod_ListConversations<
                v1::ChatService::WithCallbackMethod_MarkRead<
                    v1::ChatService::WithCallbackMethod_SetTyping<v1::ChatService::Service>>>>>>>;

class ChatService final : public ChatServiceBase {
 public:
  ChatService(domain::Accounts& accounts, domain::Messaging& messaging, domain::EventHub& hub,
              domain::Presence& presence, storage::ReaderPool& readers,
              boost::asio::thread_pool& pool, CallRates& rates,
              std::chrono::milliseconds stream_idle, domain::Translations* translations = nullptr)
      : accounts_(accounts),
        messaging_(messaging),
        hub_(hub),
        presence_(presence),
        readers_(readers),
        pool_(pool),
        rates_(rates),
        stream_idle_(stream_idle),
        translations_(translations) {}

  grpc::ServerUnaryReactor* SendMessage(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* Subscribe(
      grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* Ack(grpc::CallbackServerContext* context, const v1::AckRequest* request,
                                v1::AckResponse* response) override;
  grpc::ServerUnaryReactor* GetHistory(grpc::CallbackServerContext* context,
                                       const v1::GetHistoryRequest* request,
                                       v1::GetHistoryResponse* response) override;
  grpc::ServerUnaryReactor* ListConversations(grpc::CallbackServerContext* context,
                                              const v1::ListConversationsRequest* request,
                                              v1::ListConversationsResponse* response) override;
  grpc::ServerUnaryReactor* MarkRead(grpc::CallbackServerContext* context,
                                     const v1::MarkReadRequest* request,
                                     v1::MarkReadResponse* response) override;
  grpc::ServerUnaryReactor* SetTyping(grpc::CallbackServerContext* context,
                                      const v1::SetTypingRequest* request,
                                      v1::SetTypingResponse* response) override;

 private:
  domain::Accounts& accounts_;
  domain::Messaging& messaging_;
  domain::EventHub& hub_;
  domain::Presence& presence_;
  storage::ReaderPool& readers_;
  boost::asio::thread_pool& pool_;
  CallRates& rates_;
  const std::chrono::milliseconds stream_idle_;  // longest wait for a Subscribe's first frame
  domain::Translations* translations_;           // attaches translations to history; may be absent
};

}  // namespace souk::rpc
