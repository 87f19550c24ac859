// Every event lands in the chat the server says it belongs to: a message carries its
// conversation's kind (and a direct chat's recipient), so nothing is filed by a guess and
// nothing moves later.
#include <gtest/gtest.h>

#include "client/core/store_groups.hpp"
#include "client/core/store_updates.hpp"

namespace souk::client {
namespace {

constexpr int64_t kDirect = 3;  // anna and li
constexpr int64_t kGroup = 9;   // anna, li and wu

v1::Message said(int64_t conversation, int64_t seq, const std::string& sender,
                 const std::string& recipient, const std::string& text) {
  v1::Message m;
  m.set_id(conversation * 100 + seq);
  m.set_conversation_id(conversation);
  m.set_seq(seq);
  m.set_sender(sender);
  m.set_recipient(recipient);
  m.set_conversation_kind(recipient.empty() ? v1::Conversation::KIND_GROUP
                                            : v1::Conversation::KIND_DIRECT);
  m.set_text(text);
  m.set_client_msg_id("c" + std::to_string(conversation) + "." + std::to_string(seq));
  m.set_server_time_ms(1000 + seq);
  return m;
}

Store store_of(const std::string& me) {
  Store s;
  s.me.member_id = me;
  return s;
}

std::vector<std::string> texts(const Chat* chat) {
  std::vector<std::string> out;
  if (chat == nullptr) return out;
  for (const auto& m : chat->messages) out.push_back(m.text);
  return out;
}

TEST(ClientStoreFiling, AGroupMessageFromSomeoneWithNoDirectChatGoesToTheGroup) {
  Store s = store_of("li");
  merge_messages(s, {said(kGroup, 1, "anna", "", "hello all")}, true);
  ASSERT_NE(s.chat(ChatKey::group(kGroup)), nullptr);
  EXPECT_TRUE(s.chat(ChatKey::group(kGroup))->group);
  EXPECT_EQ(s.chat(ChatKey::group(kGroup))->unread, 1);
  EXPECT_EQ(s.chat(ChatKey::direct("anna")), nullptr) << "no direct chat is made up for the sender";
  EXPECT_EQ(s.chats.size(), 1u);
}

TEST(ClientStoreFiling, MyOwnMessageFromAnotherDeviceGoesToItsRecipientsChat) {
  Store s = store_of("anna");
  // Nothing on this device knew of the chat with li: the message names him.
  merge_messages(s, {said(kDirect, 1, "anna", "li", "sent from my phone")}, true);
  const Chat* chat = s.chat(ChatKey::direct("li"));
  ASSERT_NE(chat, nullptr);
  EXPECT_FALSE(chat->group);
  EXPECT_EQ(chat->peer, "li");
  EXPECT_EQ(chat->conversation_id, kDirect);
  EXPECT_EQ(chat->unread, 0) << "our own message is not unread";
  EXPECT_EQ(s.chats.size(), 1u) << "no chat keyed by the conversation id";
}

TEST(ClientStoreFiling, DirectAndGroupMessagesOfTheSameSenderStayApart) {
  Store s = store_of("li");
  v1::SubscribeResponse batch;
  *batch.add_events()->mutable_message() = said(kGroup, 1, "anna", "", "to the group");
  *batch.add_events()->mutable_message() = said(kDirect, 1, "anna", "li", "to you");
  *batch.add_events()->mutable_message() = said(kGroup, 2, "wu", "", "from wu");
  apply_events(s, batch);
  apply_events(s, batch);  // a replay changes nothing
  EXPECT_EQ(texts(s.chat(ChatKey::direct("anna"))), (std::vector<std::string>{"to you"}));
  EXPECT_EQ(texts(s.chat(ChatKey::group(kGroup))),
            (std::vector<std::string>{"to the group", "from wu"}));
  EXPECT_EQ(s.chat(ChatKey::direct("wu")), nullptr);
  EXPECT_EQ(s.chat(ChatKey::direct("anna"))->unread, 1);
  EXPECT_EQ(s.chat(ChatKey::group(kGroup))->unread, 2);
}

TEST(ClientStoreFiling, ReceiptsTypingAndTranslationsFindTheirChatByConversation) {
  Store s = store_of("li");
  merge_messages(s, {said(kDirect, 1, "li", "anna", "hello"), said(kGroup, 1, "anna", "", "hola")},
                 false);
  v1::SubscribeResponse batch;
  auto* receipt = batch.add_events()->mutable_receipt();
  receipt->set_conversation_id(kDirect);
  receipt->set_member_id("anna");
  receipt->set_kind(v1::Receipt::KIND_READ);
  receipt->set_up_to_seq(1);
  auto* typing = batch.add_events()->mutable_typing();
  typing->set_conversation_id(kGroup);
  typing->set_member_id("wu");
  typing->set_typing(true);
  auto* translated = batch.add_events()->mutable_message_translated();
  translated->set_conversation_id(kGroup);
  translated->set_message_id(kGroup * 100 + 1);
  translated->set_state(v1::TRANSLATION_STATE_DONE);
  translated->set_text("hello");
  auto* presence = batch.add_events()->mutable_presence();
  presence->set_member_id("li");
  presence->set_state(v1::PRESENCE_AWAY);
  batch.add_events()->mutable_translation_settings()->set_target_lang("en");
  apply_events(s, batch);

  const Chat* direct = s.chat(ChatKey::direct("anna"));
  const Chat* group = s.chat(ChatKey::group(kGroup));
  ASSERT_NE(direct, nullptr);
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(direct->peer_read_seq, 1);
  EXPECT_EQ(direct->state_of(direct->messages[0]), MessageState::kRead);
  EXPECT_EQ(group->peer_read_seq, 0);
  EXPECT_EQ(group->typing(), (std::vector<std::string>{"wu"}));
  EXPECT_TRUE(direct->typing().empty());
  ASSERT_TRUE(group->messages[0].translation.has_value());
  EXPECT_EQ(group->messages[0].translation->text, "hello");
  EXPECT_EQ(s.me.presence, v1::PRESENCE_AWAY);
  EXPECT_EQ(s.translation.settings.target_lang(), "en");
  EXPECT_EQ(s.chats.size(), 2u);
}

TEST(ClientStoreFiling, AMessageThatDoesNotSayWhereGoesOnlyToAListedConversation) {
  Store s = store_of("li");
  // Cached before the server said where messages belong.
  v1::Message unplaced = said(kGroup, 1, "anna", "", "from the old cache");
  unplaced.clear_conversation_kind();
  merge_messages(s, {unplaced}, false);
  EXPECT_TRUE(s.chats.empty()) << "not filed by a guess";

  v1::ListConversationsResponse list;
  auto* c = list.add_conversations();
  c->set_id(kGroup);
  c->set_kind(v1::Conversation::KIND_GROUP);
  c->set_group_name("Tea fair");
  apply_conversations(s, list);
  merge_messages(s, {unplaced}, false);
  EXPECT_EQ(texts(s.chat(ChatKey::group(kGroup))),
            (std::vector<std::string>{"from the old cache"}));
  EXPECT_EQ(s.chat(ChatKey::group(kGroup))->title, "Tea fair");
}

TEST(ClientStoreFiling, TheOutboxEntryIsReplacedInTheChatItWasWrittenIn) {
  Store s = store_of("anna");
  add_pending(s, {"mine-1", ChatKey::direct("li"), "written offline", std::nullopt, 5000, ""});
  v1::Message committed = said(kDirect, 1, "anna", "li", "written offline");
  committed.set_client_msg_id("mine-1");
  merge_messages(s, {committed}, true);
  const Chat* chat = s.chat(ChatKey::direct("li"));
  ASSERT_NE(chat, nullptr);
  ASSERT_EQ(chat->messages.size(), 1u);
  EXPECT_EQ(chat->state_of(chat->messages[0]), MessageState::kSent);
  EXPECT_EQ(chat->conversation_id, kDirect);
  EXPECT_EQ(s.chats.size(), 1u);
}

}  // namespace
}  // namespace souk::client
