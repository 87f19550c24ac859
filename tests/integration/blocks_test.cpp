// A block holds however the conversation is named, and nothing live crosses it: no message,
// no typing notice, no receipt from the blocked member reaches the one who blocked them.
#include "integration/contacts_fixture.hpp"

namespace souk::test {
namespace {

v1::SendMessageRequest text_in(int64_t conversation, const std::string& text) {
  v1::SendMessageRequest r;
  *r.mutable_to() = client::ChatClient::conversation(conversation);
  r.set_text(text);
  r.set_client_msg_id(client::ChatClient::new_client_msg_id());
  return r;
}

v1::SetTypingRequest typing_in(v1::ConversationRef where) {
  v1::SetTypingRequest r;
  *r.mutable_conversation() = std::move(where);
  r.set_typing(true);
  return r;
}

bool has_message(const std::vector<v1::Event>& events, const std::string& text) {
  return std::any_of(events.begin(), events.end(), [&](const v1::Event& e) {
    return e.has_message() && e.message().text() == text;
  });
}

bool has_typing(const std::vector<v1::Event>& events, const std::string& member, bool typing) {
  return std::any_of(events.begin(), events.end(), [&](const v1::Event& e) {
    return e.has_typing() && e.typing().member_id() == member && e.typing().typing() == typing;
  });
}

class BlocksTest : public ContactsTest {
 protected:
  // True once a typing notice from `typer` (retried, as the stream may still be opening)
  // reaches `stream`: from then on it gets live events in the order they are made.
  bool live(EventCollector& stream, const std::string& typer, const std::string& typer_id,
            const std::string& to) {
    for (int i = 0; i < 100; ++i) {
      EXPECT_TRUE(chat(typer).set_typing(typing_in(client::ChatClient::peer(to))).ok());
      if (stream.wait_for([&](const auto& all) { return has_typing(all, typer_id, true); },
                          std::chrono::milliseconds(100))) {
        return true;
      }
    }
    return false;
  }
};

TEST_F(BlocksTest, ABlockedMemberCannotSendByTheConversationsIdEither) {
  const auto anna = member("anna.blocks");
  const auto bo = member("bo.blocked");
  const auto cy = member("cy.other");
  auto first = chat(bo).send(text_to("anna.blocks", "before the block"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  const int64_t direct = first->message().conversation_id();
  ASSERT_TRUE(contacts(anna).block(block("bo.blocked", true)).ok());

  auto by_member = chat(bo).send(text_to("anna.blocks", "by member ID"));
  auto by_id = chat(bo).send(text_in(direct, "by conversation id"));
  ASSERT_FALSE(by_id.ok()) << "a blocked member sent by the conversation's id";
  EXPECT_EQ(by_member.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(by_id.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(by_id.status().message(), by_member.status().message());

  // Nothing of it reached anna: her log holds the first message, then cy's, nothing between.
  ASSERT_TRUE(chat(cy).send(text_to("anna.blocks", "from cy, after")).ok());
  EventCollector events(server_->address(), anna);
  ASSERT_TRUE(events.wait_for([](const auto& all) { return has_message(all, "from cy, after"); }));
  std::vector<std::string> texts;
  for (const auto& m : events.messages()) texts.push_back(m.text());
  EXPECT_EQ(texts, (std::vector<std::string>{"before the block", "from cy, after"}));

  // Unblocked, the same conversation carries messages again.
  ASSERT_TRUE(contacts(anna).block(block("bo.blocked", false)).ok());
  EXPECT_TRUE(chat(bo).send(text_in(direct, "after the unblock")).ok());
}

TEST_F(BlocksTest, TypingAndReceiptsOfABlockedMemberNeverReachTheBlocker) {
  const auto anna = member("anna.quiet");
  const auto bo = member("bo.noisy");
  const auto cy = member("cy.friend");
  auto hello = chat(bo).send(text_to("anna.quiet", "hello"));
  ASSERT_TRUE(hello.ok()) << hello.status().message();
  const int64_t direct = hello->message().conversation_id();
  ASSERT_TRUE(contacts(anna).block(block("bo.noisy", true)).ok());
  // The blocker may still write; what the blocked member does with it stays unseen.
  auto note = chat(anna).send(text_to("bo.noisy", "please stop"));
  ASSERT_TRUE(note.ok()) << note.status().message();

  // anna's stream is live once cy's typing reaches it (typing is never replayed).
  ASSERT_TRUE(chat(cy).send(text_to("anna.quiet", "hi anna")).ok());
  EventCollector watching(server_->address(), anna);
  ASSERT_TRUE(live(watching, cy, "cy.friend", "anna.quiet"));

  EventCollector bo_events(server_->address(), bo, 0, /*ack=*/false);
  ASSERT_TRUE(bo_events.wait_for([](const auto& all) { return has_message(all, "please stop"); }));
  // Typing by either name of the chat, the delivery of anna's note and its reading.
  EXPECT_TRUE(chat(bo).set_typing(typing_in(client::ChatClient::conversation(direct))).ok());
  EXPECT_TRUE(chat(bo).set_typing(typing_in(client::ChatClient::peer("anna.quiet"))).ok());
  ASSERT_TRUE(chat(bo).ack(bo_events.last_seq()).ok());
  v1::MarkReadRequest read;
  *read.mutable_conversation() = client::ChatClient::conversation(direct);
  ASSERT_TRUE(chat(bo).mark_read(read).ok());

  // cy's next typing notice and message come after all of it, on the same stream.
  auto stopped = typing_in(client::ChatClient::peer("anna.quiet"));
  stopped.set_typing(false);
  EXPECT_TRUE(chat(cy).set_typing(stopped).ok());
  ASSERT_TRUE(chat(cy).send(text_to("anna.quiet", "bye anna")).ok());
  ASSERT_TRUE(watching.wait_for([](const auto& all) {
    return has_typing(all, "cy.friend", false) && has_message(all, "bye anna");
  }));
  const auto events = watching.events();
  EXPECT_FALSE(has_typing(events, "bo.noisy", true)) << "typing crossed the block";
  for (const auto& r : watching.receipts()) {
    EXPECT_NE(r.member_id(), "bo.noisy") << "a receipt crossed the block: " << r.kind();
  }
  // History shows no marks across the block: anna's note reads neither delivered nor read.
  v1::GetHistoryRequest page;
  *page.mutable_conversation() = client::ChatClient::conversation(direct);
  auto shown = chat(anna).history(page);
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  EXPECT_LT(shown->peer_delivered_seq(), note->message().seq());
  EXPECT_LT(shown->peer_read_seq(), note->message().seq());
}

TEST_F(BlocksTest, NorDoTheBlockersTypingAndReceiptsReachTheBlockedMember) {
  const auto anna = member("anna.still");
  const auto bo = member("bo.shut");
  const auto cy = member("cy.aside");
  auto hello = chat(bo).send(text_to("anna.still", "hello"));
  ASSERT_TRUE(hello.ok()) << hello.status().message();
  const int64_t direct = hello->message().conversation_id();
  ASSERT_TRUE(contacts(anna).block(block("bo.shut", true)).ok());

  ASSERT_TRUE(chat(cy).send(text_to("bo.shut", "hi bo")).ok());
  EventCollector watching(server_->address(), bo);
  ASSERT_TRUE(live(watching, cy, "cy.aside", "bo.shut"));
  // anna opens the chat, reads bo's message and starts typing: bo learns none of it.
  v1::MarkReadRequest read;
  *read.mutable_conversation() = client::ChatClient::conversation(direct);
  ASSERT_TRUE(chat(anna).mark_read(read).ok());
  EXPECT_TRUE(chat(anna).set_typing(typing_in(client::ChatClient::peer("bo.shut"))).ok());

  auto stopped = typing_in(client::ChatClient::peer("bo.shut"));
  stopped.set_typing(false);
  EXPECT_TRUE(chat(cy).set_typing(stopped).ok());
  ASSERT_TRUE(chat(cy).send(text_to("bo.shut", "bye bo")).ok());
  ASSERT_TRUE(watching.wait_for([](const auto& all) {
    return has_typing(all, "cy.aside", false) && has_message(all, "bye bo");
  }));
  EXPECT_FALSE(has_typing(watching.events(), "anna.still", true));
  for (const auto& r : watching.receipts()) EXPECT_NE(r.member_id(), "anna.still");
  v1::GetHistoryRequest page;
  *page.mutable_conversation() = client::ChatClient::conversation(direct);
  auto shown = chat(bo).history(page);
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  EXPECT_EQ(shown->peer_read_seq(), 0) << "bo sees that anna read his message";
}

}  // namespace
}  // namespace souk::test
