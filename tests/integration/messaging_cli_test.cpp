// The chat commands of souk-cli, as a script would use them.
#include "integration/fixture.hpp"

namespace souk::test {
namespace {

using MessagingCli = SoukdTest;

TEST_F(MessagingCli, WatchResumesFromTheProfileWithoutRepeatsOrGaps) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
  ASSERT_EQ(
      cli("li", {"register", "seller.li", "--name", "Li", "--seller", "--shop", "Li's"}).exit_code,
      0);
  ASSERT_EQ(cli("anna", {"send", "seller.li", "first"}).exit_code, 0);
  ASSERT_EQ(cli("anna", {"send", "seller.li", "second"}).exit_code, 0);

  auto run1 = cli("li", {"--json", "watch", "--idle-exit", "1"});
  ASSERT_EQ(run1.exit_code, 0) << run1.err;
  auto first = json_lines(run1.out);
  ASSERT_EQ(first.size(), 2u) << run1.out;
  EXPECT_EQ(first[0]["message"]["text"], "first");
  EXPECT_EQ(first[1]["message"]["text"], "second");

  ASSERT_EQ(cli("anna", {"send", "seller.li", "third"}).exit_code, 0);
  auto run2 = cli("li", {"--json", "watch", "--idle-exit", "1"});
  ASSERT_EQ(run2.exit_code, 0) << run2.err;
  auto second = json_lines(run2.out);
  ASSERT_EQ(second.size(), 1u) << run2.out;
  EXPECT_EQ(second[0]["message"]["text"], "third");
  EXPECT_EQ(second[0]["seq"], 3);

  // Anna's watch shows li's device received everything.
  auto anna_watch = cli("anna", {"--json", "watch", "--idle-exit", "1"});
  bool delivered = false;
  for (const auto& e : json_lines(anna_watch.out)) {
    if (e["type"] == "receipt" && e["receipt"]["kind"] == "delivered" &&
        e["receipt"]["up_to_seq"] == 3) {
      delivered = true;
    }
  }
  EXPECT_TRUE(delivered) << anna_watch.out;
}

TEST_F(MessagingCli, SendFromStdinHistoryConversationsAndRead) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
  ASSERT_EQ(cli("li", {"register", "seller.li", "--name", "Li Wei", "--seller", "--shop", "LW"})
                .exit_code,
            0);
  const std::string long_text(200'000, 'w');
  std::vector<std::string> argv = {
      SOUK_CLI_PATH, "--server", server_->address(), "--profile", (dir_ / "profile-anna").string(),
      "--json",      "send",     "seller.li",        "--stdin",   "--product",
      "dress-42",    "--title",  "Summer dress"};
  auto sent = run_process(argv, {}, long_text);
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_EQ(json_line(sent.out)["seq"], 1);

  auto history = cli("li", {"--json", "history", "anna"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  auto page = json_lines(history.out);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0]["text"].get<std::string>().size(), long_text.size());
  EXPECT_EQ(page[0]["context"]["id"], "dress-42");

  auto listed = cli("li", {"--json", "conversations"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(json_line(listed.out)["unread"], 1);
  EXPECT_EQ(json_line(listed.out)["peer"], "anna");

  auto read = cli("li", {"--json", "read", "anna"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(json_line(read.out)["read_seq"], 1);
  EXPECT_EQ(json_line(cli("li", {"--json", "conversations"}).out)["unread"], 0);
  auto anna_history = cli("anna", {"--json", "history", "seller.li"});
  EXPECT_EQ(json_line(anna_history.out)["state"], "read");

  auto unknown = cli("anna", {"send", "nobody.here", "hi"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("NOT_FOUND"), std::string::npos) << unknown.err;
  EXPECT_EQ(cli("anna", {"send", "seller.li"}).exit_code, 2) << "no text is a usage error";
}

}  // namespace
}  // namespace souk::test
