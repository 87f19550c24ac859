// Chat commands: opening chats and their history, sending through the outbox, receipts
// and typing.
#include <chrono>

#include "client/core/commands.hpp"
#include "client/core/connection.hpp"
#include "client/core/store_updates.hpp"
#include "common/clock.hpp"

namespace souk::client {

namespace {

constexpr int kPageSize = 50;
constexpr auto kTypingResend = std::chrono::seconds(3);

v1::ConversationRef ref_of(const Chat& chat) {
  return chat.conversation_id > 0 ? ChatClient::conversation(chat.conversation_id)
                                  : ChatClient::peer(chat.peer);
}

struct Page {
  std::vector<v1::Message> messages;
  int64_t conversation_id = 0;
  bool has_more = false;
  int64_t delivered = 0;
  int64_t read = 0;
  std::string error;
};

// Worker thread: the local cache first; the server for what the cache lacks.
Page fetch_page(Connection& c, const v1::ConversationRef& ref, int64_t conversation_id,
                int64_t before_seq) {
  Page page;
  page.conversation_id = conversation_id;
  if (conversation_id > 0 && c.cache() != nullptr) {
    page.messages = c.cache()->page(conversation_id, before_seq, kPageSize);
    std::tie(page.delivered, page.read) = c.cache()->marks(conversation_id);
  }
  page.has_more = !page.messages.empty() && page.messages.front().seq() > 1;
  if (static_cast<int>(page.messages.size()) >= kPageSize || !c.online()) return page;

  v1::GetHistoryRequest request;
  *request.mutable_conversation() = ref;
  request.set_before_seq(page.messages.empty() ? before_seq : page.messages.front().seq());
  request.set_limit(kPageSize - static_cast<int>(page.messages.size()));
  auto reply = c.chat().history(request);
  if (!reply) {
    if (reply.status().code() == Code::kNotFound && ref.has_peer_member_id()) {
      page.has_more = false;  // no conversation with them yet
    } else if (!c.handle_failure(reply.status())) {
      page.error = reply.status().message();
    }
    return page;
  }
  std::vector<v1::Message> older(reply->messages().begin(), reply->messages().end());
  c.cache()->save_messages(older);
  c.cache()->save_marks(reply->conversation_id(), reply->peer_delivered_seq(),
                        reply->peer_read_seq());
  older.insert(older.end(), page.messages.begin(), page.messages.end());
  page.messages = std::move(older);
  page.conversation_id = reply->conversation_id();
  page.has_more = reply->has_more();
  page.delivered = std::max(page.delivered, reply->peer_delivered_seq());
  page.read = std::max(page.read, reply->peer_read_seq());
  return page;
}

}  // namespace

ChatKey Commands::open_chat(const std::string& peer_member_id,
                            std::optional<v1::MessageContext> context) {
  Chat& chat = direct_chat(store_, peer_member_id);
  if (context) chat.product = std::move(context);
  open_chat_by_id(chat.id);
  return chat.id;
}

void Commands::open_chat_by_id(const ChatKey& id) {
  Chat* chat = store_.chat(id);
  if (chat == nullptr) return;
  store_.focus = id;
  ++store_.focus_requests;
  if (!chat->history_loaded) {
    chat->history_loaded = true;
    load_page(id, 0);
  }
}

void Commands::load_older(const ChatKey& id) {
  Chat* chat = store_.chat(id);
  if (chat == nullptr || chat->loading_older || !chat->has_older) return;
  int64_t oldest = 0;
  for (const auto& m : chat->messages) {
    if (m.seq > 0) {
      oldest = m.seq;
      break;
    }
  }
  load_page(id, oldest);
}

void Commands::load_page(const ChatKey& id, int64_t before_seq) {
  Chat& asked = *store_.chat(id);
  asked.loading_older = true;
  connection_.post([&c = connection_, id, ref = ref_of(asked), conversation = asked.conversation_id,
                    before_seq] {
    Page page = fetch_page(c, ref, conversation, before_seq);
    c.ui().post([id, page = std::move(page)](Store& s) {
      Chat* chat = s.chat(id);
      if (chat == nullptr) return;
      if (chat->conversation_id == 0) chat->conversation_id = page.conversation_id;
      if (!page.messages.empty()) merge_messages(s, page.messages, false);
      chat = s.chat(id);
      chat->loading_older = false;
      chat->has_older = page.has_more;
      chat->peer_delivered_seq = std::max(chat->peer_delivered_seq, page.delivered);
      chat->peer_read_seq = std::max(chat->peer_read_seq, page.read);
      if (!page.error.empty()) chat->error = page.error;
    });
  });
}

std::string Commands::send_text(const ChatKey& id, const std::string& text) {
  return send_message(id, text, {});
}

std::string Commands::send_message(const ChatKey& id, const std::string& text,
                                   std::vector<v1::Attachment> attachments) {
  Chat* chat = store_.chat(id);
  if (chat == nullptr || store_.me.member_id.empty()) return "";
  OutboxEntry entry;
  entry.client_msg_id = ChatClient::new_client_msg_id();
  entry.chat = id;
  entry.text = text;
  entry.attachments = std::move(attachments);
  entry.context = std::move(chat->product);
  chat->product.reset();
  entry.created_ms = SystemClock().now_ms();
  add_pending(store_, entry);
  typing_sent_.erase(id);
  connection_.post([&c = connection_, entry] {
    if (c.cache() == nullptr) return;
    c.cache()->add_to_outbox(entry);
    c.flush_outbox();
  });
  return entry.client_msg_id;
}

void Commands::mark_read(const ChatKey& id) {
  Chat* chat = store_.chat(id);
  if (chat == nullptr || chat->unread == 0) return;
  chat->unread = 0;
  if (chat->conversation_id == 0) return;
  connection_.post([&c = connection_, conversation = chat->conversation_id] {
    if (!c.online()) return;
    v1::MarkReadRequest request;
    *request.mutable_conversation() = ChatClient::conversation(conversation);
    if (auto reply = c.chat().mark_read(request); !reply) c.handle_failure(reply.status());
  });
}

void Commands::set_typing(const ChatKey& id, bool typing) {
  Chat* chat = store_.chat(id);
  if (chat == nullptr || chat->conversation_id == 0) return;
  const auto now = std::chrono::steady_clock::now();
  auto sent = typing_sent_.find(id);
  if (typing && sent != typing_sent_.end() && now - sent->second < kTypingResend) return;
  if (!typing && sent == typing_sent_.end()) return;
  if (typing) {
    typing_sent_[id] = now;
  } else {
    typing_sent_.erase(id);
  }
  connection_.post([&c = connection_, conversation = chat->conversation_id, typing] {
    if (!c.online()) return;
    v1::SetTypingRequest request;
    *request.mutable_conversation() = ChatClient::conversation(conversation);
    request.set_typing(typing);
    (void)c.chat().set_typing(request);
  });
}

}  // namespace souk::client
