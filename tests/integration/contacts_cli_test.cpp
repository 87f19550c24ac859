// The contact, group and presence commands of souk-cli against a real soukd.
#include "integration/contacts_fixture.hpp"

namespace souk::test {
namespace {

using ContactsCli = ContactsTest;

TEST_F(ContactsCli, AddRequestAcceptGroupsAndPresence) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
  ASSERT_EQ(cli("li", {"register", "seller.li", "--name", "Li Wei", "--seller", "--shop",
                       "Shenzhen Dress Factory"})
                .exit_code,
            0);

  auto found = cli("anna", {"--json", "search", "seller.li"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_EQ(json_line(found.out)["shop_name"], "Shenzhen Dress Factory");

  auto added = cli("anna", {"--json", "add", "seller.li"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(json_line(added.out)["outcome"], "added") << "sellers are open by default";

  auto asked = cli("li", {"--json", "add", "anna"});
  ASSERT_EQ(asked.exit_code, 0) << asked.err;
  EXPECT_EQ(json_line(asked.out)["outcome"], "request_sent") << "buyers approve first";
  ASSERT_EQ(cli("anna", {"accept", "seller.li"}).exit_code, 0);

  ASSERT_EQ(cli("anna", {"cgroup", "create", "Ulubieni"}).exit_code, 0);
  auto moved = cli("anna", {"cgroup", "move", "seller.li", "Ulubieni"});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  ASSERT_EQ(cli("li", {"presence", "set", "busy", "at the fair"}).exit_code, 0);

  auto list = cli("anna", {"--json", "contacts"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  bool seen = false;
  for (const auto& line : json_lines(list.out)) {
    if (line.value("member_id", "") == "seller.li" && !line.contains("type")) {
      seen = true;
      EXPECT_EQ(line["group"], "Ulubieni");
    }
  }
  EXPECT_TRUE(seen) << list.out;

  auto human = cli("anna", {"contacts"});
  EXPECT_NE(human.out.find("Ulubieni"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("seller.li"), std::string::npos) << human.out;

  ASSERT_EQ(cli("li", {"block", "anna"}).exit_code, 0);
  auto refused = cli("anna", {"send", "seller.li", "hello?"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("PERMISSION_DENIED"), std::string::npos) << refused.err;
  ASSERT_EQ(cli("li", {"unblock", "anna"}).exit_code, 0);
  EXPECT_EQ(cli("anna", {"send", "seller.li", "hello!"}).exit_code, 0);

  EXPECT_EQ(cli("anna", {"add", "nobody.here"}).exit_code, 1);
  EXPECT_EQ(cli("anna", {"presence", "set", "dancing"}).exit_code, 2);
  EXPECT_EQ(cli("anna", {"cgroup", "move", "seller.li", "No Such Group"}).exit_code, 1);
}

TEST_F(ContactsCli, CancelWithdrawsASentRequest) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
  ASSERT_EQ(cli("li", {"register", "seller.li", "--name", "Li Wei", "--seller", "--shop", "Li's"})
                .exit_code,
            0);
  auto asked = cli("li", {"--json", "add", "anna"});
  ASSERT_EQ(asked.exit_code, 0) << asked.err;
  ASSERT_EQ(json_line(asked.out)["outcome"], "request_sent");

  auto cancelled = cli("li", {"cancel", "anna"});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_EQ(cancelled.out, "withdrew your request to anna\n");
  auto list = cli("li", {"--json", "contacts"});
  EXPECT_EQ(list.out.find("outgoing_request"), std::string::npos) << list.out;
  auto theirs = cli("anna", {"--json", "contacts"});
  EXPECT_EQ(theirs.out.find("incoming_request"), std::string::npos) << theirs.out;

  auto again = cli("li", {"cancel", "anna"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("no request to 'anna' waits for an answer"), std::string::npos)
      << again.err;
}

}  // namespace
}  // namespace souk::test
