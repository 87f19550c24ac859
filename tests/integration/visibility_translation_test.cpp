// Translations of a group message go to those who may see it at the moment they are
// written: not to a member who left while the engine worked, not to one who joined after
// the message in a group whose history starts at the join (the retry path included).
#include <signal.h>

#include "client/core/group_client.hpp"
#include "integration/translation_fixture.hpp"

namespace souk::test {
namespace {

class GroupTranslationTest : public TranslationTest {
 protected:
  client::GroupClient groups(const std::string& token) {
    return client::GroupClient(*client::open_channel({server_->address(), ""}), token);
  }

  v1::Message say(const std::string& token, int64_t group, const std::string& text) {
    v1::SendMessageRequest r;
    *r.mutable_to() = client::ChatClient::conversation(group);
    r.set_text(text);
    r.set_client_msg_id(client::ChatClient::new_client_msg_id());
    auto sent = chat(token).send(r);
    EXPECT_TRUE(sent.ok()) << sent.status().message();
    return sent.ok() ? sent->message() : v1::Message{};
  }

  static bool has_message(const std::vector<v1::Event>& events, const std::string& text) {
    return std::any_of(events.begin(), events.end(), [&](const v1::Event& e) {
      return e.has_message() && e.message().text() == text;
    });
  }
};

TEST_F(GroupTranslationTest, OnlyCurrentMembersWhoMaySeeAMessageGetItsTranslation) {
  stop_server(SIGTERM);
  start({"--translate-timeout-ms", "3000", "--translate-retry-seconds", "1"});
  const auto owner = seller("tr.owner");
  const auto bob = seller("tr.bob");
  const auto dan = seller("tr.dan");
  const auto carol = seller("tr.carol");
  settings(owner, "en", "en");
  for (const auto* token : {&bob, &dan, &carol}) settings(*token, "es", "es");
  v1::CreateGroupChatRequest create;
  create.set_name("Ventas");
  create.add_member_ids("tr.bob");
  create.add_member_ids("tr.dan");
  create.set_history_visibility(v1::HISTORY_VISIBILITY_FROM_JOIN);
  auto created = groups(owner).create(create);
  ASSERT_TRUE(created.ok()) << created.status().message();
  const int64_t group = created->group().conversation_id();

  EventCollector dan_events(server_->address(), dan);
  const auto warm = say(owner, group, "Good morning.");
  ASSERT_TRUE(wait_translation(dan_events, warm.id(), v1::TRANSLATION_STATE_DONE))
      << server_->log();

  // The engine hangs while bob leaves; it times out, and carol joins before the retry.
  const auto stuck = pipelines();
  ASSERT_EQ(stuck.size(), 1u);
  ::kill(-stuck[0], SIGSTOP);
  const auto price = say(owner, group, "The price is too high.");
  ASSERT_TRUE(groups(bob).leave(group).ok());
  ASSERT_TRUE(wait_translation(dan_events, price.id(), v1::TRANSLATION_STATE_FAILED))
      << server_->log();
  v1::AddMembersRequest add;
  add.set_conversation_id(group);
  add.add_member_ids("tr.carol");
  ASSERT_TRUE(groups(owner).add_members(add).ok());
  const auto done = wait_translation(dan_events, price.id(), v1::TRANSLATION_STATE_DONE);
  ASSERT_TRUE(done) << server_->log();
  EXPECT_EQ(done->attempts(), 2);

  // Whatever was written for them came before these, in their own logs.
  say(owner, group, "Thank you.");
  ASSERT_TRUE(chat(owner).send(text_to("tr.bob", "See you.")).ok());
  EventCollector carol_events(server_->address(), carol);
  EventCollector bob_events(server_->address(), bob);
  ASSERT_TRUE(
      carol_events.wait_for([](const auto& all) { return has_message(all, "Thank you."); }));
  ASSERT_TRUE(bob_events.wait_for([](const auto& all) { return has_message(all, "See you."); }));
  for (const auto& t : translations(carol_events)) {
    EXPECT_NE(t.message_id(), price.id())
        << "carol, who joined after it, got a translation: " << t.text();
  }
  for (const auto& t : translations(bob_events)) {
    EXPECT_NE(t.message_id(), price.id()) << "bob, who had left, got a translation (state "
                                          << v1::TranslationState_Name(t.state()) << ")";
  }
}

}  // namespace
}  // namespace souk::test
