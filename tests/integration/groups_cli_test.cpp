// The group commands of souk-cli against a real soukd.
#include "integration/groups_fixture.hpp"

namespace souk::test {
namespace {

using GroupsCli = GroupsTest;

TEST_F(GroupsCli, CreateManageTalkAndRead) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
  for (const std::string id : {"seller.li", "seller.wu", "seller.ma"}) {
    ASSERT_EQ(cli(id, {"register", id, "--name", id, "--seller", "--shop", id + " shop"}).exit_code,
              0);
  }

  auto created =
      cli("anna", {"--json", "group", "create", "Tea fair", "--members", "seller.li,seller.wu"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto group = json_line(created.out);
  EXPECT_EQ(group["member_count"], 3);
  EXPECT_EQ(group["my_role"], "owner");
  const std::string id = std::to_string(group["conversation_id"].get<int64_t>());

  auto sent = cli("anna", {"send", "Tea fair", "hello all", "--group"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  auto li_history = cli("seller.li", {"history", "Tea fair", "--group"});
  ASSERT_EQ(li_history.exit_code, 0) << li_history.err;
  EXPECT_NE(li_history.out.find("* anna created the group \"Tea fair\""), std::string::npos)
      << li_history.out;
  EXPECT_NE(li_history.out.find("anna: hello all"), std::string::npos) << li_history.out;

  ASSERT_EQ(cli("anna", {"group", "add", "Tea fair", "seller.ma"}).exit_code, 0);
  ASSERT_EQ(cli("anna", {"group", "admin", "Tea fair", "seller.li", "--on"}).exit_code, 0);
  EXPECT_EQ(cli("anna", {"group", "admin", "Tea fair", "seller.li"}).exit_code, 2)
      << "--on or --off must be said";
  auto renamed = cli("seller.li", {"group", "rename", id, "Tea fair 2026"});
  ASSERT_EQ(renamed.exit_code, 0) << renamed.err;
  auto removed = cli("seller.li", {"group", "remove", "Tea fair 2026", "seller.wu"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;

  auto members = cli("anna", {"group", "members", "Tea fair 2026"});
  ASSERT_EQ(members.exit_code, 0) << members.err;
  EXPECT_NE(members.out.find("seller.li (seller.li)  admin"), std::string::npos) << members.out;
  EXPECT_EQ(members.out.find("seller.wu"), std::string::npos) << members.out;
  auto outsider = cli("seller.wu", {"group", "members", id});
  EXPECT_EQ(outsider.exit_code, 1);
  EXPECT_NE(outsider.err.find("PERMISSION_DENIED"), std::string::npos) << outsider.err;
  auto owner_leaves = cli("anna", {"group", "leave", id});
  EXPECT_EQ(owner_leaves.exit_code, 1);
  EXPECT_NE(owner_leaves.err.find("FAILED_PRECONDITION"), std::string::npos) << owner_leaves.err;

  // Counted over those who were there when it was sent and still are: seller.li alone.
  auto before = cli("anna", {"history", id, "--group"});
  EXPECT_NE(before.out.find("hello all  (delivered to 0 of 1, read by 0)"), std::string::npos)
      << before.out;
  ASSERT_EQ(cli("seller.li", {"read", id, "--group"}).exit_code, 0);
  auto after = cli("anna", {"history", id, "--group"});
  EXPECT_NE(after.out.find("hello all  (delivered to 1 of 1, read by 1)"), std::string::npos)
      << after.out;

  auto list = cli("seller.ma", {"group", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("Tea fair 2026  (3 members, owner anna, you are member)"),
            std::string::npos)
      << list.out;
  ASSERT_EQ(cli("seller.ma", {"group", "leave", "Tea fair 2026"}).exit_code, 0);
  EXPECT_NE(cli("seller.ma", {"group", "list"}).out.find("no group chats"), std::string::npos);
}

}  // namespace
}  // namespace souk::test
