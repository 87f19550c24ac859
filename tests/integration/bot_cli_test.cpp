// `souk-cli bot`: the demo seller that answers every message, once.
#include <thread>

#include "integration/fixture.hpp"
#include "tools/process/child_process.hpp"

namespace souk::test {
namespace {

using BotCli = SoukdTest;

std::vector<std::string> senders(const std::string& history_json) {
  std::vector<std::string> out;
  for (const auto& message : json_lines(history_json)) out.push_back(message["sender"]);
  return out;
}

class BotRun {
 public:
  BotRun(const std::filesystem::path& profile, const std::filesystem::path& log,
         const std::string& server, const std::vector<std::string>& extra = {})
      : process_(argv(profile, server, extra), {}, log) {}
  // The bot exits by itself after its one reply; the deadline only stops a hang.
  int wait() {
    for (int i = 0; i < 400 && process_.running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return process_.stop(SIGTERM);
  }
  std::string log() const { return process_.log(); }

 private:
  static std::vector<std::string> argv(const std::filesystem::path& profile,
                                       const std::string& server,
                                       const std::vector<std::string>& extra) {
    std::vector<std::string> a = {SOUK_CLI_PATH,    "--server", server,    "--profile",
                                  profile.string(), "bot",      "--count", "1"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  ChildProcess process_;
};

TEST_F(BotCli, AnswersEachMessageOnceWithTheProductItCameFrom) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
  ASSERT_EQ(cli("li", {"register", "seller.li", "--name", "Li Wei", "--seller", "--shop",
                       "Shenzhen Dress Factory"})
                .exit_code,
            0);
  ASSERT_EQ(cli("anna", {"send", "seller.li", "Do you have it in M?", "--product", "dress-42",
                         "--title", "Summer dress"})
                .exit_code,
            0);

  BotRun first(dir_ / "profile-li", dir_ / "bot1.log", server_->address());
  ASSERT_EQ(first.wait(), 0) << first.log();
  auto history = cli("anna", {"--json", "history", "seller.li"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_EQ(senders(history.out), (std::vector<std::string>{"anna", "seller.li"}));
  EXPECT_NE(history.out.find("Summer dress"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("Shenzhen Dress Factory"), std::string::npos) << history.out;

  // A second run answers the new message only, not the one it answered before.
  ASSERT_EQ(cli("anna", {"send", "seller.li", "And in L?"}).exit_code, 0);
  BotRun second(dir_ / "profile-li", dir_ / "bot2.log", server_->address());
  ASSERT_EQ(second.wait(), 0) << second.log();
  history = cli("anna", {"--json", "history", "seller.li"});
  EXPECT_EQ(senders(history.out),
            (std::vector<std::string>{"anna", "seller.li", "anna", "seller.li"}));
}

TEST_F(BotCli, SendsItsPhotoAndFollowUpOncePerBuyer) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
  ASSERT_EQ(
      cli("li", {"register", "seller.li", "--name", "Li Wei", "--seller", "--shop", "Li Dresses"})
          .exit_code,
      0);
  const auto photo = dir_ / "dress.png";
  const auto made = run_process({"convert", "-size", "64x48", "xc:#d04060", photo.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::vector<std::string> extra = {"--photo", photo.string(), "--follow-up",
                                          "Tenemos el vestido en azul."};

  ASSERT_EQ(cli("anna", {"send", "seller.li", "Hello?"}).exit_code, 0);
  BotRun first(dir_ / "profile-li", dir_ / "bot1.log", server_->address(), extra);
  ASSERT_EQ(first.wait(), 0) << first.log();
  auto history = cli("anna", {"--json", "history", "seller.li"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  const auto messages = json_lines(history.out);
  ASSERT_EQ(messages.size(), 4u) << history.out;
  EXPECT_EQ(messages[2]["text"], "Tenemos el vestido en azul.");
  ASSERT_TRUE(messages[3].contains("attachments")) << history.out;
  EXPECT_EQ(messages[3]["attachments"][0]["name"], "dress.png");
  EXPECT_EQ(messages[3]["attachments"][0]["width"], 64);

  // The next answer to the same buyer is the reply alone.
  ASSERT_EQ(cli("anna", {"send", "seller.li", "And in red?"}).exit_code, 0);
  BotRun second(dir_ / "profile-li", dir_ / "bot2.log", server_->address(), extra);
  ASSERT_EQ(second.wait(), 0) << second.log();
  history = cli("anna", {"--json", "history", "seller.li"});
  EXPECT_EQ(json_lines(history.out).size(), 6u) << history.out;
}

}  // namespace
}  // namespace souk::test
