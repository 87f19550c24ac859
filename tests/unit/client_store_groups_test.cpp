// Group chats in the client's Store: a group message lands in the group's chat because it
// says it is a group's, before the conversation list names the group.
#include <gtest/gtest.h>

#include "client/core/store_groups.hpp"
#include "client/core/store_updates.hpp"

namespace souk::client {
namespace {

v1::Message message(int64_t conversation, int64_t seq, const std::string& sender,
                    const std::string& text) {
  v1::Message m;
  m.set_conversation_id(conversation);
  m.set_seq(seq);
  m.set_sender(sender);
  m.set_text(text);
  m.set_client_msg_id("c" + std::to_string(conversation) + "." + std::to_string(seq));
  m.set_server_time_ms(1000 + seq);
  m.set_conversation_kind(v1::Conversation::KIND_GROUP);
  return m;
}

v1::ListConversationsResponse listed_group(int64_t id, const std::string& name) {
  v1::ListConversationsResponse list;
  auto* c = list.add_conversations();
  c->set_id(id);
  c->set_kind(v1::Conversation::KIND_GROUP);
  c->set_group_name(name);
  c->set_member_count(3);
  c->set_last_seq(2);
  return list;
}

Store store_of(const std::string& me) {
  Store s;
  s.me.member_id = me;
  return s;
}

TEST(ClientStoreGroups, AGroupChangeOpensTheGroupsChatNotTheSendersDirectOne) {
  Store s = store_of("li");
  v1::Message created = message(9, 1, "anna", "anna created the group \"Tea fair\"");
  created.mutable_system()->set_kind(v1::GroupSystemEvent::KIND_CREATED);
  merge_messages(s, {created}, true);
  ASSERT_NE(s.chat(ChatKey::group(9)), nullptr);
  EXPECT_TRUE(s.chat(ChatKey::group(9))->group);
  EXPECT_TRUE(s.chat(ChatKey::group(9))->messages[0].system);
  EXPECT_EQ(s.chat(ChatKey::group(9))->unread, 0) << "a group change is not unread";
  EXPECT_EQ(s.chat(ChatKey::direct("anna")), nullptr);
  merge_messages(s, {message(9, 2, "anna", "hello all")}, true);
  EXPECT_EQ(s.chat(ChatKey::group(9))->messages.size(), 2u);
  EXPECT_EQ(s.chat(ChatKey::group(9))->unread, 1);
  EXPECT_EQ(s.chat(ChatKey::direct("anna")), nullptr);
}

TEST(ClientStoreGroups, TheConversationListNamesTheGroupItsMessagesAlreadyFoundTheirWayTo) {
  Store s = store_of("li");
  merge_messages(s, {message(9, 2, "anna", "hello all")}, true);
  ASSERT_NE(s.chat(ChatKey::group(9)), nullptr);
  EXPECT_EQ(s.chat(ChatKey::direct("anna")), nullptr);
  apply_conversations(s, listed_group(9, "Tea fair"));
  const Chat* group = s.chat(ChatKey::group(9));
  EXPECT_TRUE(group->group);
  EXPECT_EQ(group->title, "Tea fair");
  ASSERT_EQ(group->messages.size(), 1u);
  ASSERT_NE(s.groups.find(ChatKey::group(9)), nullptr);
  EXPECT_EQ(s.groups.find(ChatKey::group(9))->name, "Tea fair");
  EXPECT_EQ(s.chats.size(), 1u);
}

TEST(ClientStoreGroups, MembersRolesAndLivePresence) {
  Store s = store_of("li");
  v1::GetMembersResponse members;
  auto add = [&](const std::string& id, v1::GroupRole role, v1::PresenceState state) {
    auto* m = members.add_members();
    m->set_member_id(id);
    m->set_display_name(id + " name");
    m->set_role(role);
    m->mutable_presence()->set_state(state);
  };
  add("anna", v1::GROUP_ROLE_OWNER, v1::PRESENCE_ONLINE);
  add("li", v1::GROUP_ROLE_ADMIN, v1::PRESENCE_ONLINE);
  add("wu", v1::GROUP_ROLE_MEMBER, v1::PRESENCE_OFFLINE);
  apply_group_members(s, 9, members);
  const GroupInfo* info = s.groups.find(ChatKey::group(9));
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->my_role, v1::GROUP_ROLE_ADMIN);
  EXPECT_EQ(info->owner, "anna");
  EXPECT_TRUE(info->can_manage());
  EXPECT_FALSE(info->can_remove(*info->member("anna"))) << "an admin never removes the owner";
  EXPECT_TRUE(info->can_remove(*info->member("wu")));
  EXPECT_TRUE(info->can_leave());
  EXPECT_EQ(member_name(s, "wu"), "wu name");

  v1::Presence online;
  online.set_member_id("wu");
  online.set_state(v1::PRESENCE_BUSY);
  apply_presence(s, online);
  EXPECT_EQ(s.groups.find(ChatKey::group(9))->member("wu")->presence, v1::PRESENCE_BUSY);

  mark_group_left(s, 9);
  EXPECT_TRUE(s.groups.find(ChatKey::group(9))->left);
  EXPECT_FALSE(s.groups.find(ChatKey::group(9))->can_manage());
  EXPECT_FALSE(s.groups.find(ChatKey::group(9))->can_leave());
}

}  // namespace
}  // namespace souk::client
