// How server data lands in the client's Store: order, no twins, unread counted once.
#include <gtest/gtest.h>

#include "client/core/store_updates.hpp"

namespace souk::client {
namespace {

v1::Message message(int64_t seq, const std::string& sender, const std::string& text,
                    const std::string& client_msg_id = "") {
  v1::Message m;
  m.set_conversation_id(7);
  m.set_seq(seq);
  m.set_sender(sender);
  m.set_text(text);
  m.set_client_msg_id(client_msg_id.empty() ? "c" + std::to_string(seq) : client_msg_id);
  m.set_server_time_ms(1000 + seq);
  m.set_conversation_kind(v1::Conversation::KIND_DIRECT);
  m.set_recipient(sender == "anna" ? "li" : "anna");
  return m;
}

Store store_of(const std::string& me) {
  Store s;
  s.me.member_id = me;
  return s;
}

std::vector<int64_t> seqs(const Chat& chat) {
  std::vector<int64_t> out;
  for (const auto& m : chat.messages) out.push_back(m.seq);
  return out;
}

TEST(ClientStore, MessagesStayInSeqOrderWithoutTwins) {
  Store s = store_of("anna");
  merge_messages(s, {message(3, "li", "c"), message(4, "li", "d")}, true);
  // A replay after a reconnect, and an older history page.
  merge_messages(s, {message(4, "li", "d")}, true);
  merge_messages(s, {message(1, "li", "a"), message(2, "li", "b")}, false);
  const Chat* chat = s.chat(ChatKey::direct("li"));
  ASSERT_NE(chat, nullptr);
  EXPECT_EQ(seqs(*chat), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(chat->conversation_id, 7);
  EXPECT_EQ(chat->unread, 2) << "only live news counts, each message once";
  EXPECT_EQ(s.recent().front()->last_message()->text, "d");
}

TEST(ClientStore, TheCommittedCopyReplacesTheOutboxEntry) {
  Store s = store_of("anna");
  merge_messages(s, {message(1, "li", "hello")}, true);
  add_pending(s, {"mine-1", ChatKey::direct("li"), "written offline", std::nullopt, 5000, ""});
  const Chat* chat = s.chat(ChatKey::direct("li"));
  ASSERT_EQ(chat->messages.size(), 2u);
  EXPECT_EQ(chat->state_of(chat->messages[1]), MessageState::kNotSent);

  merge_messages(s, {message(2, "anna", "written offline", "mine-1")}, true);
  ASSERT_EQ(chat->messages.size(), 2u);
  EXPECT_EQ(chat->state_of(chat->messages[1]), MessageState::kSent);
  EXPECT_EQ(chat->unread, 1) << "our own message is never unread";
  add_pending(s, {"mine-1", ChatKey::direct("li"), "written offline", std::nullopt, 5000, ""});
  EXPECT_EQ(chat->messages.size(), 2u) << "a reloaded outbox entry already sent is not shown";
}

TEST(ClientStore, ReceiptsMoveDeliveredThenRead) {
  Store s = store_of("anna");
  merge_messages(s, {message(1, "li", "hi"), message(2, "anna", "hello")}, false);
  const Chat* chat = s.chat(ChatKey::direct("li"));
  v1::SubscribeResponse batch;
  auto* receipt = batch.add_events()->mutable_receipt();
  receipt->set_kind(v1::Receipt::KIND_DELIVERED);
  receipt->set_conversation_id(7);
  receipt->set_member_id("li");
  receipt->set_up_to_seq(2);
  apply_events(s, batch);
  EXPECT_EQ(chat->state_of(chat->messages[1]), MessageState::kDelivered);
  receipt->set_kind(v1::Receipt::KIND_READ);
  apply_events(s, batch);
  EXPECT_EQ(chat->state_of(chat->messages[1]), MessageState::kRead);
  EXPECT_EQ(chat->state_of(chat->messages[0]), MessageState::kIncoming);
}

TEST(ClientStore, ConnectionSaysWhenItRetries) {
  ConnectionState c;
  c.phase = ConnectionState::Phase::kReconnecting;
  const auto now = std::chrono::steady_clock::now();
  c.retry_at = now + std::chrono::milliseconds(3500);
  EXPECT_EQ(c.describe(now), "Reconnecting in 4 s");
  c.phase = ConnectionState::Phase::kConnected;
  c.server = "127.0.0.1:50051";
  EXPECT_EQ(c.describe(now), "Connected · 127.0.0.1:50051");
}

}  // namespace
}  // namespace souk::client
