// Group chats through client/core against a real soukd: create, talk, members with
// presence, a refusal in words, removal and leaving as each member's store sees them.
#include "client/core/store_groups.hpp"
#include "integration/core_fixture.hpp"

namespace souk::test {
namespace {

using ClientCoreGroups = CoreTest;

std::vector<std::string> member_ids(const client::Store& s, const client::ChatKey& chat) {
  std::vector<std::string> out;
  if (const auto* info = s.groups.find(chat)) {
    for (const auto& m : info->members) out.push_back(m.member_id);
  }
  return out;
}

TEST_F(ClientCoreGroups, CreateTalkManageAndLeave) {
  auto li = signed_in("seller.li", true);
  auto wu = signed_in("seller.wu", true);
  auto anna = signed_in("anna");

  anna->commands().create_group("Tea fair", {"seller.li", "seller.wu"});
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return !s.groups.creating; }));
  const client::ChatKey group = anna->store().groups.created;
  ASSERT_FALSE(group.empty()) << anna->store().groups.create_error;
  EXPECT_EQ(anna->store().focus, group) << "the new group opens as a chat";
  ASSERT_NE(anna->store().chat(group), nullptr);
  EXPECT_TRUE(anna->store().chat(group)->group);
  EXPECT_EQ(anna->store().chat(group)->title, "Tea fair");
  EXPECT_EQ(anna->store().groups.find(group)->my_role, v1::GROUP_ROLE_OWNER);

  // Li learns of the group from the event stream; the message lands in the group's chat,
  // never in a direct chat with its sender.
  anna->commands().send_text(group, "hello all");
  ASSERT_TRUE(wait_until(*li, [&](auto& s) {
    const auto* c = s.chat(group);
    return c != nullptr && !c->messages.empty() && c->messages.back().text == "hello all";
  }));
  EXPECT_TRUE(li->store().chat(group)->group);
  EXPECT_EQ(li->store().chat(group)->title, "Tea fair");
  EXPECT_EQ(li->store().chat(group)->unread, 1);
  EXPECT_TRUE(texts(li->store().chat(client::ChatKey::direct("anna"))).empty());
  ASSERT_TRUE(wait_until(*li, [&](auto& s) {
    const auto* info = s.groups.find(group);
    return info != nullptr && info->my_role == v1::GROUP_ROLE_MEMBER && info->member_count == 3;
  }));

  // Members with roles and presence.
  anna->commands().load_members(group);
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) { return member_ids(s, group).size() == 3; }));
  const auto* info = anna->store().groups.find(group);
  EXPECT_EQ(info->members[0].member_id, "anna");
  EXPECT_EQ(info->members[0].role, v1::GROUP_ROLE_OWNER);
  EXPECT_EQ(info->member("seller.li")->presence, v1::PRESENCE_ONLINE);
  EXPECT_EQ(client::member_name(anna->store(), "seller.li"), "seller.li");

  // A plain member may not remove anyone: the server's refusal, in words, changes nothing.
  li->commands().load_members(group);
  ASSERT_TRUE(wait_until(*li, [&](auto& s) { return member_ids(s, group).size() == 3; }));
  li->commands().remove_member(group, "seller.wu");
  ASSERT_TRUE(wait_until(*li, [&](auto& s) { return !s.groups.find(group)->error.empty(); }));
  EXPECT_EQ(li->store().groups.find(group)->error,
            "Only the group's owner and admins may remove members");
  EXPECT_EQ(member_ids(li->store(), group).size(), 3u);

  // The owner removes Wu: Wu's store marks the group left, the others' lists drop Wu.
  anna->commands().remove_member(group, "seller.wu");
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) { return member_ids(s, group).size() == 2; }));
  EXPECT_TRUE(anna->store().groups.find(group)->error.empty());
  EXPECT_TRUE(wait_until(*wu, [&](auto& s) {
    const auto* g = s.groups.find(group);
    return g != nullptr && g->left;
  }));
  EXPECT_TRUE(wait_until(*li, [&](auto& s) { return member_ids(s, group).size() == 2; }));

  // Li leaves; Anna's member list follows from the event stream.
  li->commands().leave_group(group);
  ASSERT_TRUE(wait_until(*li, [&](auto& s) { return s.groups.find(group)->left; }));
  EXPECT_TRUE(wait_until(
      *anna, [&](auto& s) { return member_ids(s, group) == std::vector<std::string>{"anna"}; }));
  EXPECT_EQ(texts(li->store().chat(group)).empty(), false) << "the history stays readable";
}

TEST_F(ClientCoreGroups, CreatingWithAStrangerWhoRefusesSaysWhy) {
  auto anna = signed_in("anna");
  anna->commands().create_group("Tea fair", {"nobody.here"});
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return !s.groups.creating; }));
  EXPECT_TRUE(anna->store().groups.created.empty());
  EXPECT_FALSE(anna->store().groups.create_error.empty());
  EXPECT_TRUE(anna->store().groups.by_chat.empty());
}

}  // namespace
}  // namespace souk::test
