// What the Store gives lists and timelines to show for a message: the one-line preview of
// a chat's last message, and group changes in words with people by name.
#include <gtest/gtest.h>

#include "client/core/store_groups.hpp"
#include "client/core/store_updates.hpp"

namespace souk::client {
namespace {

v1::Attachment attachment(const std::string& name, int width = 0, int height = 0) {
  v1::Attachment a;
  a.set_file_id("f-" + name);
  a.set_name(name);
  a.set_width(width);
  a.set_height(height);
  return a;
}

TEST(ClientStoreLines, AFileOnlyMessageIsPreviewedByItsFile) {
  ChatMessage m;
  m.attachments = {attachment("pic.png", 640, 480)};
  EXPECT_EQ(message_preview(m), "[Photo] pic.png");
  m.attachments = {attachment("price list.pdf")};
  EXPECT_EQ(message_preview(m), "[File] price list.pdf");
  m.attachments = {attachment("price list.pdf"), attachment("pic.png", 64, 48),
                   attachment("b.png", 64, 48)};
  EXPECT_EQ(message_preview(m), "[File] price list.pdf +2");
  m.text = "See the prices";
  EXPECT_EQ(message_preview(m), "See the prices") << "words say more than a file name";
}

TEST(ClientStoreLines, APreviewIsOneLineCutAtACharacter) {
  ChatMessage m;
  m.text = "First line\nsecond line";
  EXPECT_EQ(message_preview(m), "First line…");
  m.text = "Zażółć gęślą jaźń";  // multi-byte letters: never cut inside one
  EXPECT_EQ(message_preview(m, 3), "Za…");
  m.text = "";
  EXPECT_EQ(message_preview(m), "");
}

v1::Message change(int64_t seq, const std::string& sender, v1::GroupSystemEvent::Kind kind,
                   const std::string& member = "", const std::string& name = "") {
  v1::Message m;
  m.set_conversation_id(9);
  m.set_seq(seq);
  m.set_sender(sender);
  m.set_text(sender + " did something");  // the server's words, with IDs
  m.set_client_msg_id("group-event:9:" + std::to_string(seq));
  m.set_server_time_ms(1000 + seq);
  m.set_conversation_kind(v1::Conversation::KIND_GROUP);
  m.mutable_system()->set_kind(kind);
  m.mutable_system()->set_member_id(member);
  m.mutable_system()->set_name(name);
  return m;
}

v1::ListContactsResponse contacts_with(const std::string& id, const std::string& name) {
  v1::ListContactsResponse list;
  auto* c = list.add_contacts();
  c->mutable_user()->set_member_id(id);
  c->mutable_user()->set_display_name(name);
  return list;
}

TEST(ClientStoreLines, GroupChangesNamePeopleAndTheUserAsYou) {
  Store s;
  s.me.member_id = "anna";
  s.me.display_name = "Anna Nowak";
  apply_contacts(s, contacts_with("seller.li", "Li Wei"));
  using K = v1::GroupSystemEvent;
  merge_messages(s,
                 {change(1, "anna", K::KIND_CREATED, "", "Tea fair"),
                  change(2, "anna", K::KIND_MEMBER_ADDED, "seller.li"),
                  change(3, "seller.li", K::KIND_ADMIN_GRANTED, "anna"),
                  change(4, "seller.li", K::KIND_MEMBER_LEFT, "seller.li"),
                  change(5, "seller.li", K::KIND_RENAMED, "", "Tea fair 2")},
                 true);
  const Chat* group = s.chat(ChatKey::group(9));
  ASSERT_NE(group, nullptr);
  ASSERT_EQ(group->messages.size(), 5u);
  EXPECT_EQ(group->messages[0].text, "You created the group \"Tea fair\"");
  EXPECT_EQ(group->messages[1].text, "You added Li Wei");
  EXPECT_EQ(group->messages[2].text, "Li Wei made you an admin");
  EXPECT_EQ(group->messages[3].text, "Li Wei left");
  EXPECT_EQ(group->messages[4].text, "Li Wei renamed the group to \"Tea fair 2\"");
}

TEST(ClientStoreLines, AGroupChangeNamesSomeoneOnceTheirNameArrives) {
  Store s;
  s.me.member_id = "anna";
  using K = v1::GroupSystemEvent;
  merge_messages(s, {change(1, "seller.li", K::KIND_MEMBER_ADDED, "seller.wu")}, true);
  const Chat* group = s.chat(ChatKey::group(9));
  ASSERT_NE(group, nullptr);
  EXPECT_EQ(group->messages[0].text, "seller.li added seller.wu") << "IDs until names are known";

  apply_contacts(s, contacts_with("seller.li", "Li Wei"));
  EXPECT_EQ(group->messages[0].text, "Li Wei added seller.wu");

  v1::GetMembersResponse members;
  auto* wu = members.add_members();
  wu->set_member_id("seller.wu");
  wu->set_display_name("Wu Fang");
  apply_group_members(s, 9, members);
  EXPECT_EQ(group->messages[0].text, "Li Wei added Wu Fang");
  EXPECT_EQ(message_preview(*group->last_message()), "Li Wei added Wu Fang")
      << "the Recent list says the same";
}

TEST(ClientStoreLines, AChangeOfAKindThisClientDoesNotKnowKeepsTheServersWords) {
  Store s;
  s.me.member_id = "anna";
  merge_messages(s, {change(1, "seller.li", static_cast<v1::GroupSystemEvent::Kind>(99))}, true);
  ASSERT_NE(s.chat(ChatKey::group(9)), nullptr);
  EXPECT_EQ(s.chat(ChatKey::group(9))->messages[0].text, "seller.li did something");
}

}  // namespace
}  // namespace souk::client
