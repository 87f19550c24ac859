// The long-running souk-cli commands (watch, bot) across a soukd restart and on SIGTERM and
// SIGINT, and what `presence set` reports.
#include <signal.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <optional>
#include <thread>

#include "integration/fixture.hpp"
#include "tools/process/child_process.hpp"

namespace souk::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string read_log(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

bool wait_for_text(const std::filesystem::path& file, const std::string& needle,
                   std::chrono::seconds timeout = std::chrono::seconds(20)) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (read_log(file).find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Waits for the child to exit by itself; how long it took, or nullopt if it was still
// running at the deadline.
std::optional<Clock::duration> wait_for_exit(ChildProcess& child, Clock::time_point since,
                                             std::chrono::milliseconds timeout) {
  while (Clock::now() < since + timeout) {
    if (!child.running()) return Clock::now() - since;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Long enough for a sanitized build on a busy machine, well short of the reconnect waits
// (4 s and more) a signal must cut short.
constexpr std::chrono::milliseconds kPromptExit{1500};

class CliSession : public SoukdTest {
 protected:
  void SetUp() override {
    SoukdTest::SetUp();
    ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
    ASSERT_EQ(cli("li", {"register", "seller.li", "--name", "Li Wei", "--seller", "--shop",
                         "Shenzhen Dress Factory"})
                  .exit_code,
              0);
  }

  std::unique_ptr<ChildProcess> start_cli(const std::string& profile,
                                          const std::vector<std::string>& args,
                                          const std::filesystem::path& log) {
    std::vector<std::string> argv = {SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                                     (dir_ / ("profile-" + profile)).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return std::make_unique<ChildProcess>(argv, std::map<std::string, std::string>{}, log);
  }

  // Stops soukd as a crash would (no wait for open streams) and starts it again on the
  // same data directory and address.
  void crash_and_restart_server(const std::function<void()>& while_down = {}) {
    const std::string address = server_->address();
    stop_server(SIGKILL);
    if (while_down) while_down();
    start({"--listen", address});
  }
};

TEST_F(CliSession, PresenceSetPrintsThePresenceChosen) {
  auto away = cli("li", {"presence", "set", "away", "lunch"});
  ASSERT_EQ(away.exit_code, 0) << away.err;
  EXPECT_NE(away.out.find("your presence: away — lunch"), std::string::npos) << away.out;
  // With no stream of li's open, contacts see offline, and li is told so.
  EXPECT_NE(away.out.find("contacts see you as offline"), std::string::npos) << away.out;

  auto json = cli("li", {"--json", "presence", "set", "away", "lunch"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto reply = json_line(json.out);
  EXPECT_EQ(reply["member_id"], "seller.li");
  EXPECT_EQ(reply["state"], "away");
  EXPECT_EQ(reply["status_text"], "lunch");
  EXPECT_EQ(reply["seen_as"]["state"], "offline");

  // Online (a watch holds a stream), the choice is what contacts see; anna sees it too.
  ASSERT_EQ(cli("anna", {"add", "seller.li"}).exit_code, 0);
  auto watch = start_cli("li", {"watch"}, dir_ / "li-watch.log");
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  std::string listed;
  while (Clock::now() < deadline) {
    listed = cli("anna", {"contacts"}).out;
    if (listed.find("away — lunch") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(listed.find("away — lunch"), std::string::npos) << listed;
  auto busy = cli("li", {"presence", "set", "busy", "at the fair"});
  ASSERT_EQ(busy.exit_code, 0) << busy.err;
  EXPECT_EQ(busy.out, "your presence: busy — at the fair\n");
  auto hidden = cli("li", {"presence", "set", "invisible"});
  EXPECT_EQ(hidden.out, "your presence: invisible (contacts see you as offline)\n");
}

TEST_F(CliSession, WatchFollowsTheServerThroughARestart) {
  const auto log = dir_ / "watch.log";
  auto watch = start_cli("li", {"--json", "watch"}, log);
  ASSERT_EQ(cli("anna", {"send", "seller.li", "before the restart"}).exit_code, 0);
  ASSERT_TRUE(wait_for_text(log, "before the restart")) << read_log(log);

  crash_and_restart_server([&] {
    // It tells the person watching what happens, and keeps going.
    EXPECT_TRUE(wait_for_text(log, "reconnecting in")) << read_log(log);
    EXPECT_TRUE(watch->running());
  });
  ASSERT_EQ(cli("anna", {"send", "seller.li", "after the restart"}).exit_code, 0);
  ASSERT_TRUE(wait_for_text(log, "after the restart")) << read_log(log);
  EXPECT_EQ(occurrences(read_log(log), "before the restart"), 1u) << read_log(log);

  // Resumed from its last event: a later watch of the same profile has nothing to repeat.
  const auto at = Clock::now();
  ::kill(watch->pid(), SIGTERM);
  ASSERT_TRUE(wait_for_exit(*watch, at, kPromptExit)) << read_log(log);
  EXPECT_EQ(watch->stop(SIGTERM), 0) << read_log(log);
  auto again = cli("li", {"--json", "watch", "--idle-exit", "1"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out.find("restart"), std::string::npos) << again.out;
}

TEST_F(CliSession, WatchOnceExitsWhenTheServerGoesAway) {
  const auto log = dir_ / "watch.log";
  auto watch = start_cli("li", {"watch", "--once"}, log);
  ASSERT_EQ(cli("anna", {"send", "seller.li", "hello"}).exit_code, 0);
  ASSERT_TRUE(wait_for_text(log, "hello")) << read_log(log);
  const auto at = Clock::now();
  stop_server(SIGKILL);
  ASSERT_TRUE(wait_for_exit(*watch, at, std::chrono::seconds(10))) << read_log(log);
  EXPECT_EQ(watch->stop(SIGTERM), 1) << read_log(log);
  EXPECT_NE(read_log(log).find("cannot reach the server"), std::string::npos) << read_log(log);
  EXPECT_EQ(read_log(log).find("reconnecting"), std::string::npos) << read_log(log);

  // Nothing to connect to at all: the same, at once.
  auto alone = cli("li", {"watch", "--once"});
  EXPECT_EQ(alone.exit_code, 1);
  EXPECT_NE(alone.err.find("cannot reach the server"), std::string::npos) << alone.err;
}

TEST_F(CliSession, WatchAndBotStopWithinASecondOfSigtermOrSigint) {
  ASSERT_EQ(cli("anna", {"send", "seller.li", "are you there?"}).exit_code, 0);
  for (const int signal : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(signal == SIGTERM ? "SIGTERM" : "SIGINT");
    const auto watch_log = dir_ / ("watch-" + std::to_string(signal) + ".log");
    auto watch = start_cli("anna", {"watch", "--from", "0"}, watch_log);
    const auto bot_log = dir_ / ("bot-" + std::to_string(signal) + ".log");
    auto bot = start_cli("li", {"bot", "--reply", "Yes."}, bot_log);
    ASSERT_TRUE(wait_for_text(watch_log, "are you there?")) << read_log(watch_log);
    ASSERT_TRUE(wait_for_text(bot_log, "is online")) << read_log(bot_log);

    for (auto* child : {watch.get(), bot.get()}) {
      const auto at = Clock::now();
      ::kill(child->pid(), signal);
      auto took = wait_for_exit(*child, at, kPromptExit);
      ASSERT_TRUE(took) << read_log(watch_log) << read_log(bot_log);
      EXPECT_EQ(child->stop(SIGKILL), 0) << "a clean stop, after " << seconds(*took) << " s";
    }
  }

  // While the server is away, watch waits between attempts; a signal cuts the wait short.
  const auto log = dir_ / "watch-outage.log";
  auto watch = start_cli("li", {"watch"}, log);
  ASSERT_TRUE(wait_for_text(log, "are you there?")) << read_log(log);
  stop_server(SIGKILL);
  ASSERT_TRUE(wait_for_text(log, "reconnecting in 4 s")) << read_log(log);
  const auto at = Clock::now();
  ::kill(watch->pid(), SIGINT);
  ASSERT_TRUE(wait_for_exit(*watch, at, kPromptExit)) << read_log(log);
  EXPECT_EQ(watch->stop(SIGKILL), 0) << read_log(log);
}

}  // namespace
}  // namespace souk::test
