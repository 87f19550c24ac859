#include "server/rpc/chat_service.hpp"

#include <malloc.h>

#include <boost/asio/post.hpp>

#include "server/rpc/call_auth.hpp"
#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/event_encoding.hpp"
#include "server/rpc/event_stream.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/peer_address.hpp"
#include "server/rpc/rate_check.hpp"
#include "server/rpc/refused_call.hpp"
#include "server/rpc/status_mapping.hpp"
#include "server/rpc/translation_mapping.hpp"

namespace souk::rpc {

namespace {
constexpr size_t kTrimAfterTextBytes = 1 << 20;
}  // namespace

grpc::ServerUnaryReactor* ChatService::SendMessage(grpc::CallbackServerContext* context,
                                                   const grpc::ByteBuffer* raw,
                                                   grpc::ByteBuffer* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_within_rate_or_finish(accounts_, rates_, RatedCall::kSendMessage,
                                                    context, reactor);
  if (!session) return reactor;
  v1::SendMessageRequest request;
  // Parsing empties the buffer, as gRPC does for a typed call, so that a large text is not
  // held twice until the reply. The buffer is gRPC's own, only handed over as const.
  if (!grpc::SerializationTraits<v1::SendMessageRequest>::Deserialize(
           const_cast<grpc::ByteBuffer*>(raw), &request)
           .ok()) {
    reactor->Finish({grpc::StatusCode::INVALID_ARGUMENT, "SendMessage request is not valid"});
    return reactor;
  }
  domain::SendInput input;
  input.to = to_target(request.to());
  input.client_msg_id = request.client_msg_id();
  input.text = std::move(*request.mutable_text());
  // gRPC received a large text in many small slices, now freed but left resident in the
  // allocator's arenas, and the insert is about to allocate the row afresh: a 32 MiB
  // message raised soukd's peak by 3.0-3.1x its size. Handing them back first: 2.1x
  // (heaptrack: the heap itself peaked at 2.2x, so the rest was freed memory).
  if (input.text.size() >= kTrimAfterTextBytes) ::malloc_trim(0);
  input.lang = request.lang();
  const auto& c = request.context();
  input.context = {static_cast<int>(c.kind()), c.id(), c.title(), c.url()};
  input.attachment_file_ids.assign(request.attachment_file_ids().begin(),
                                   request.attachment_file_ids().end());
  messaging_.send(*session, std::move(input),
                  [reactor, response](Result<domain::SendOutput> result) {
                    if (!result) return reactor->Finish(to_grpc(result.status()));
                    *response = encode_send_reply(result->message, result->duplicate);
                    reactor->Finish(grpc::Status::OK);
                  });
  return reactor;
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* ChatService::Subscribe(
    grpc::CallbackServerContext* context) {
  auto session = authenticate_call(accounts_, *context);
  if (!session) return new RefusedCall<RawSubscribeReactor>(context, to_grpc(session.status()));
  // Each open stream holds memory for its queue and replay: a caller gets only so many.
  std::string address = peer_address(context->peer());
  if (auto admitted = hub_.admit(session->account_id, address); !admitted.ok()) {
    return new RefusedCall<RawSubscribeReactor>(context, to_grpc(admitted));
  }
  return new EventStream(context, *session, std::move(address), accounts_, messaging_, hub_,
                         presence_, readers_, pool_, stream_idle_);
}

grpc::ServerUnaryReactor* ChatService::Ack(grpc::CallbackServerContext* context,
                                           const v1::AckRequest* request, v1::AckResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  messaging_.ack(*session, request->ack_seq(),
                 [reactor](Status s) { reactor->Finish(to_grpc(s)); });
  return reactor;
}

grpc::ServerUnaryReactor* ChatService::GetHistory(grpc::CallbackServerContext* context,
                                                  const v1::GetHistoryRequest* request,
                                                  v1::GetHistoryResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  // History pages read SQLite: on the pool, not on a gRPC thread. The request and response
  // stay valid until Finish.
  boost::asio::post(pool_, [this, reactor, request, response, who = *session] {
    auto page = messaging_.history(who, to_target(request->conversation()), request->before_seq(),
                                   request->after_seq(), request->limit());
    if (!page) return reactor->Finish(to_grpc(page.status()));
    response->set_conversation_id(page->conversation_id);
    std::map<int64_t, storage::TranslationRecord> translations;
    if (translations_) translations = translations_->for_history(who, page->messages);
    for (const auto& m : page->messages) {
      auto* message = response->add_messages();
      fill_message(m, message);
      if (auto t = translations.find(m.id); t != translations.end()) {
        fill_translation(t->second, message->add_translations());
      }
    }
    response->set_has_more(page->has_more);
    response->set_peer_delivered_seq(page->peer_delivered_seq);
    response->set_peer_read_seq(page->peer_read_seq);
    for (const auto& counts : page->receipts) fill_receipts(counts, response->add_receipts());
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* ChatService::ListConversations(grpc::CallbackServerContext* context,
                                                         const v1::ListConversationsRequest*,
                                                         v1::ListConversationsResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, response, who = *session] {
    auto list = messaging_.conversations(who);
    if (!list) return reactor->Finish(to_grpc(list.status()));
    for (const auto& info : *list) {
      auto* c = response->add_conversations();
      c->set_id(info.id);
      c->set_kind(static_cast<v1::Conversation::Kind>(info.kind));
      c->set_peer_member_id(info.peer_member_id);
      c->set_peer_display_name(info.peer_display_name);
      if (info.last_message) fill_message(*info.last_message, c->mutable_last_message());
      c->set_unread_count(info.unread_count);
      c->set_read_seq(info.read_seq);
      c->set_last_seq(info.last_seq);
      c->set_group_name(info.group_name);
      c->set_member_count(info.member_count);
    }
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerUnaryReactor* ChatService::MarkRead(grpc::CallbackServerContext* context,
                                                const v1::MarkReadRequest* request,
                                                v1::MarkReadResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  messaging_.mark_read(*session, to_target(request->conversation()), request->up_to_seq(),
                       [reactor, response](Result<int64_t> result) {
                         if (!result) return reactor->Finish(to_grpc(result.status()));
                         response->set_read_seq(*result);
                         reactor->Finish(grpc::Status::OK);
                       });
  return reactor;
}

grpc::ServerUnaryReactor* ChatService::SetTyping(grpc::CallbackServerContext* context,
                                                 const v1::SetTypingRequest* request,
                                                 v1::SetTypingResponse*) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_within_rate_or_finish(accounts_, rates_, RatedCall::kSetTyping,
                                                    context, reactor);
  if (!session) return reactor;
  reactor->Finish(to_grpc(
      messaging_.set_typing(*session, to_target(request->conversation()), request->typing())));
  return reactor;
}

}  // namespace souk::rpc
