// Group chats against a real soukd: ownership, receipts, history windows, system events.
#include <algorithm>

#include "integration/groups_fixture.hpp"

namespace souk::test {
namespace {

using Groups = GroupsTest;
using Kind = v1::GroupSystemEvent;

TEST_F(Groups, OwnerHandsOverOwnershipBeforeLeaving) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  const auto wu = seller("seller.wu");
  const int64_t group = create_group(anna, "Tea sellers", {"seller.li", "seller.wu"});
  ASSERT_GT(group, 0);
  EXPECT_EQ(listed(anna, group)->owner_member_id(), "anna");

  const auto refused = groups(anna).leave(group);
  EXPECT_EQ(refused.code(), Code::kFailedPrecondition) << refused.message();
  EXPECT_EQ(listed(anna, group)->member_count(), 3) << "a refused leave changes nothing";
  EXPECT_EQ(groups(li).transfer_ownership(hand_to(group, "seller.wu")).code(),
            Code::kPermissionDenied)
      << "only the owner hands over ownership";

  ASSERT_TRUE(groups(anna).transfer_ownership(hand_to(group, "seller.li")).ok());
  EXPECT_EQ(listed(li, group)->my_role(), v1::GROUP_ROLE_OWNER);
  EXPECT_EQ(listed(anna, group)->my_role(), v1::GROUP_ROLE_ADMIN) << "the old owner stays admin";
  EXPECT_EQ(listed(wu, group)->owner_member_id(), "seller.li");
  EXPECT_EQ(groups(anna).remove_member(remove(group, "seller.li")).code(), Code::kPermissionDenied)
      << "an admin cannot remove the owner";

  ASSERT_TRUE(groups(anna).leave(group).ok());
  EXPECT_FALSE(listed(anna, group).has_value());
  EXPECT_EQ(roster(li, group), (std::vector<std::string>{"seller.li:GROUP_ROLE_OWNER",
                                                         "seller.wu:GROUP_ROLE_MEMBER"}));
  auto timeline = history(wu, group);
  ASSERT_TRUE(timeline.ok()) << timeline.status().message();
  EXPECT_EQ(system_kinds(timeline->messages()),
            (std::vector<Kind::Kind>{Kind::KIND_CREATED, Kind::KIND_OWNER_CHANGED,
                                     Kind::KIND_MEMBER_LEFT}));
}

TEST_F(Groups, ReceiptsAggregatePerMessage) {
  const auto anna = member("anna");
  std::vector<std::string> tokens;
  for (const std::string id : {"s.a", "s.b", "s.c", "s.d"}) tokens.push_back(seller(id));
  const int64_t group = create_group(anna, "Receipts", {"s.a", "s.b", "s.c", "s.d"});
  EventCollector anna_stream(server_->address(), anna);
  auto sent = say(anna, group, "who has this?");
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  const int64_t seq = sent->message().seq();

  {
    // Three of the four come online and acknowledge; s.d stays offline.
    EventCollector a(server_->address(), tokens[0]);
    EventCollector b(server_->address(), tokens[1]);
    EventCollector c(server_->address(), tokens[2]);
    ASSERT_TRUE(anna_stream.wait_for([&](const std::vector<v1::Event>& events) {
      int delivered = 0;
      for (const auto& e : events) {
        delivered += e.has_receipt() && e.receipt().kind() == v1::Receipt::KIND_DELIVERED &&
                     e.receipt().up_to_seq() >= seq;
      }
      return delivered == 3;
    })) << "the sender hears each member's delivery";
  }
  for (int i : {0, 1}) {
    v1::MarkReadRequest read;
    *read.mutable_conversation() = client::ChatClient::conversation(group);
    ASSERT_TRUE(chat(tokens[i]).mark_read(read).ok());
  }

  auto receipts = groups(anna).receipts(group, seq);
  ASSERT_TRUE(receipts.ok()) << receipts.status().message();
  EXPECT_EQ(receipts->receipts().member_count(), 4);
  EXPECT_EQ(receipts->receipts().delivered_count(), 3);
  EXPECT_EQ(receipts->receipts().read_count(), 2);
  EXPECT_EQ(std::vector<std::string>(receipts->read_by().begin(), receipts->read_by().end()),
            (std::vector<std::string>{"s.a", "s.b"}));

  auto page = history(anna, group);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->receipts_size(), 1) << "one entry per message, none for the system event";
  EXPECT_EQ(page->receipts(0).seq(), seq);
  EXPECT_EQ(page->receipts(0).delivered_count(), 3);
  EXPECT_EQ(page->receipts(0).read_count(), 2);
}

TEST_F(Groups, NewMemberSeesHistoryFromJoiningAndRemovedMemberKeepsWhatTheyHad) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  const auto wu = seller("seller.wu");
  const auto ma = seller("seller.ma");
  const int64_t group = create_group(anna, "Cut", {"seller.li"});
  ASSERT_TRUE(say(anna, group, "before wu").ok());
  ASSERT_TRUE(groups(anna).add_members(add(group, {"seller.wu"})).ok());
  ASSERT_TRUE(say(anna, group, "after wu").ok());

  auto wu_history = history(wu, group);
  ASSERT_TRUE(wu_history.ok()) << wu_history.status().message();
  EXPECT_EQ(texts(wu_history->messages()),
            (std::vector<std::string>{"anna added seller.wu", "after wu"}));
  EventCollector wu_stream(server_->address(), wu);
  ASSERT_TRUE(wu_stream.wait_for_messages(2));
  EXPECT_EQ(wu_stream.messages().size(), 2u) << "the log holds nothing from before the join";

  // Per group: with full history, a member added later reads everything.
  v1::SetHistoryVisibilityRequest full;
  full.set_conversation_id(group);
  full.set_history_visibility(v1::HISTORY_VISIBILITY_FULL);
  ASSERT_TRUE(groups(anna).set_history_visibility(full).ok());
  ASSERT_TRUE(groups(anna).add_members(add(group, {"seller.ma"})).ok());
  auto ma_history = history(ma, group);
  ASSERT_TRUE(ma_history.ok());
  EXPECT_EQ(ma_history->messages(0).system().kind(), Kind::KIND_CREATED);

  ASSERT_TRUE(groups(anna).remove_member(remove(group, "seller.li")).ok());
  ASSERT_TRUE(say(anna, group, "after li left").ok());
  auto li_history = history(li, group);
  ASSERT_TRUE(li_history.ok()) << "a removed member keeps what they had";
  const auto li_texts = texts(li_history->messages());
  EXPECT_EQ(li_texts.back(), "anna removed seller.li");
  EXPECT_EQ(std::count(li_texts.begin(), li_texts.end(), "after li left"), 0);
  EXPECT_EQ(std::count(li_texts.begin(), li_texts.end(), "before wu"), 1);
  EXPECT_FALSE(listed(li, group).has_value());
  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(li_stream.wait_for_messages(li_texts.size()));
  EXPECT_EQ(li_stream.messages().back().text(), "anna removed seller.li")
      << "nothing reaches a removed member's log after the removal";
}

TEST_F(Groups, RenamesAndRoleChangesAppearInTheTimeline) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  const int64_t group = create_group(anna, "Old name", {"seller.li"});
  EventCollector li_stream(server_->address(), li);
  auto renamed = groups(anna).rename(rename(group, "New name"));
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->group().name(), "New name");
  ASSERT_TRUE(groups(anna).set_admin(admin(group, "seller.li", true)).ok());
  ASSERT_TRUE(groups(anna).set_admin(admin(group, "seller.li", false)).ok());
  ASSERT_TRUE(li_stream.wait_for_messages(4));
  const auto live = li_stream.messages();
  EXPECT_EQ(live[1].system().kind(), Kind::KIND_RENAMED);
  EXPECT_EQ(live[1].system().name(), "New name");
  EXPECT_EQ(live[2].system().kind(), Kind::KIND_ADMIN_GRANTED);
  EXPECT_EQ(live[2].system().member_id(), "seller.li");
  EXPECT_EQ(live[3].system().kind(), Kind::KIND_ADMIN_REVOKED);

  auto conversations = chat(li).conversations();
  ASSERT_TRUE(conversations.ok());
  ASSERT_EQ(conversations->conversations_size(), 1);
  EXPECT_EQ(conversations->conversations(0).kind(), v1::Conversation::KIND_GROUP);
  EXPECT_EQ(conversations->conversations(0).group_name(), "New name");
  EXPECT_EQ(conversations->conversations(0).member_count(), 2);
  EXPECT_EQ(conversations->conversations(0).unread_count(), 0) << "changes are not unread messages";
}

TEST_F(Groups, MembersListShowsPresence) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  seller("seller.wu");
  const int64_t group = create_group(anna, "Presence", {"seller.li", "seller.wu"});
  EventCollector li_stream(server_->address(), li);  // li is online
  ASSERT_TRUE(li_stream.wait_for_messages(1));
  // The stream counts toward presence just after its replay has begun, so its first
  // message may arrive a moment before li shows online.
  auto members = groups(anna).members(group);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (members.ok() && members->members_size() == 3 &&
         members->members(1).presence().state() != v1::PRESENCE_ONLINE &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    members = groups(anna).members(group);
  }
  ASSERT_TRUE(members.ok()) << members.status().message();
  ASSERT_EQ(members->members_size(), 3);
  EXPECT_EQ(members->members(0).member_id(), "anna");
  EXPECT_EQ(members->members(0).role(), v1::GROUP_ROLE_OWNER);
  EXPECT_EQ(members->members(1).member_id(), "seller.li");
  EXPECT_EQ(members->members(1).presence().state(), v1::PRESENCE_ONLINE);
  EXPECT_EQ(members->members(2).presence().state(), v1::PRESENCE_OFFLINE);
}

}  // namespace
}  // namespace souk::test
