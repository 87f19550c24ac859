// Every Message soukd sends says where it was said: its conversation's kind, and in a direct
// chat the member it went to. Clients file messages by it and never guess.
#include "integration/groups_fixture.hpp"
#include "support/event_collector.hpp"

namespace souk::test {
namespace {

using MessagePlace = GroupsTest;
using Kind = v1::Conversation;

TEST_F(MessagePlace, RepliesEventsReplaysAndHistorySayTheKindAndTheRecipient) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  const int64_t group = create_group(anna, "Tea fair", {"seller.li"});
  ASSERT_GT(group, 0);

  auto direct = chat(anna).send(text_to("seller.li", "Is the tea in stock?"));
  ASSERT_TRUE(direct.ok()) << direct.status().message();
  EXPECT_EQ(direct->message().conversation_kind(), Kind::KIND_DIRECT);
  EXPECT_EQ(direct->message().recipient(), "seller.li");
  auto said = say(anna, group, "Welcome to the fair");
  ASSERT_TRUE(said.ok()) << said.status().message();
  EXPECT_EQ(said->message().conversation_kind(), Kind::KIND_GROUP);
  EXPECT_EQ(said->message().recipient(), "");

  // Live to a stream open now, and replayed from the log to one opened later.
  EventCollector live(server_->address(), li);
  auto answer = chat(li).send(text_to("anna", "Yes, 3 kinds"));
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  EventCollector replay(server_->address(), li);
  for (EventCollector* stream : {&live, &replay}) {
    ASSERT_TRUE(stream->wait_for_messages(4));  // created, direct, group, answer
    for (const auto& m : stream->messages()) {
      if (m.conversation_id() == group) {
        EXPECT_EQ(m.conversation_kind(), Kind::KIND_GROUP) << m.text();
        EXPECT_EQ(m.recipient(), "") << m.text();
      } else {
        EXPECT_EQ(m.conversation_kind(), Kind::KIND_DIRECT) << m.text();
        EXPECT_EQ(m.recipient(), m.sender() == "anna" ? "seller.li" : "anna") << m.text();
      }
    }
  }

  auto group_page = history(li, group);
  ASSERT_TRUE(group_page.ok()) << group_page.status().message();
  ASSERT_EQ(group_page->messages_size(), 2);  // the creation and the welcome
  for (const auto& m : group_page->messages()) {
    EXPECT_EQ(m.conversation_kind(), Kind::KIND_GROUP);
  }
  auto direct_page = history(li, direct->message().conversation_id());
  ASSERT_TRUE(direct_page.ok()) << direct_page.status().message();
  ASSERT_EQ(direct_page->messages_size(), 2);
  EXPECT_EQ(direct_page->messages(0).recipient(), "seller.li");
  EXPECT_EQ(direct_page->messages(1).recipient(), "anna");
  for (const auto& m : direct_page->messages()) {
    EXPECT_EQ(m.conversation_kind(), Kind::KIND_DIRECT);
  }
}

}  // namespace
}  // namespace souk::test
