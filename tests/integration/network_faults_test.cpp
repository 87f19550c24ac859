// Clients behind a faulty network (a fault proxy in front of a real soukd): connections
// cut, cut in the middle of a frame, delayed and refused. The window's client/core and
// `souk-cli watch` pick up where they were, with no message missing and none twice.
#include <functional>

#include "integration/network_faults_fixture.hpp"
#include "tools/process/child_process.hpp"

namespace souk::test {
namespace {

using NetworkFaults = NetworkFaultsTest;

// Each one breaks the next stretch of traffic in its own way.
struct Fault {
  const char* name;
  std::function<void(FaultProxy&)> arm;
  bool cuts;  // whether it must end in a cut before the round is over
};

std::vector<Fault> faults() {
  using D = FaultProxy::Direction;
  return {
      {"every connection cut", [](FaultProxy& p) { p.cut_all(); }, true},
      {"half a chunk to the client", [](FaultProxy& p) { p.cut_mid_next_chunk(D::kToClient); },
       true},
      {"half a chunk to soukd", [](FaultProxy& p) { p.cut_mid_next_chunk(D::kToServer); }, true},
      {"slow, then cut inside a large message",
       [](FaultProxy& p) {
         p.delay(std::chrono::milliseconds(20));
         p.cut_after(D::kToClient, 60'000);
       },
       true},
      {"no delay, nothing cut", [](FaultProxy& p) { p.delay(std::chrono::milliseconds(0)); },
       false},
  };
}

TEST_F(NetworkFaults, CoreResumesWithNoGapAndNoDuplicateThroughCutsAndHalfFrames) {
  start_behind_proxy({"--presence-grace-seconds", "1"});
  auto li = signed_in_at(server_->address(), "seller.li", true);
  auto anna = signed_in_at(proxy_->address(), "anna");
  const auto chat = anna->commands().open_chat("seller.li");
  const auto li_chat = li->commands().open_chat("anna");
  std::vector<std::string> from_li, from_anna;
  int round = 0;
  for (const auto& fault : faults()) {
    SCOPED_TRACE(fault.name);
    const size_t cuts_before = proxy_->cuts();
    fault.arm(*proxy_);
    for (int k = 0; k < 3; ++k) {
      // One large message a round, so that frames span many chunks and a cut lands inside.
      const std::string text = "li " + std::to_string(round) + "." + std::to_string(k) +
                               (k == 1 ? std::string(200'000, 'L') : "");
      from_li.push_back(text);
      li->commands().send_text(li_chat, text);
      const std::string reply = "anna " + std::to_string(round) + "." + std::to_string(k);
      from_anna.push_back(reply);
      anna->commands().send_text(chat, reply);
    }
    if (fault.cuts) {
      ASSERT_TRUE(wait_until(*anna, [&](auto&) { return proxy_->cuts() > cuts_before; }))
          << "the fault never struck";
    }
    ASSERT_TRUE(wait_until(
        *anna, [&](auto& s) { return texts_from(s.chat(chat), "seller.li") == from_li; },
        std::chrono::seconds(60)))
        << "anna has " << texts_from(anna->store().chat(chat), "seller.li").size() << " of "
        << from_li.size() << "; li: " << li->store().chat(li_chat)->error;
    ASSERT_TRUE(wait_until(
        *li,
        [&](auto& s) {
          return texts_from(s.chat(client::ChatKey::direct("anna")), "anna") == from_anna;
        },
        std::chrono::seconds(60)))
        << "li has " << texts_from(li->store().chat(client::ChatKey::direct("anna")), "anna").size()
        << " of " << from_anna.size();
    ++round;
  }
  EXPECT_GE(proxy_->cuts(), 4u);
  EXPECT_GE(proxy_->accepted(), 5u) << "anna came back after each cut";

  // Nothing twice, anywhere: not in either window, not in soukd.
  const auto* at_anna = anna->store().chat(chat);
  EXPECT_EQ(at_anna->messages.size(), from_li.size() + from_anna.size());
  for (const auto& m : at_anna->messages) {
    EXPECT_FALSE(m.pending) << m.text;
    EXPECT_TRUE(m.failed.empty()) << m.failed;
  }
  EXPECT_EQ(li->store().chat(client::ChatKey::direct("anna"))->messages.size(),
            from_li.size() + from_anna.size());
  for (const auto& text : from_anna) EXPECT_EQ(server_copies(text), 1) << text;
  for (const auto& text : from_li) EXPECT_EQ(server_copies(text), 1) << text.substr(0, 20);
  // And in seq order without a hole, as the log has them.
  for (size_t i = 1; i < at_anna->messages.size(); ++i) {
    EXPECT_EQ(at_anna->messages[i].seq, at_anna->messages[i - 1].seq + 1);
  }
}

// `souk-cli watch --json` run through the proxy, printing into a file.
class Watcher {
 public:
  Watcher(const std::filesystem::path& dir, const std::string& address) : log_(dir / "watch.log") {
    child_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{SOUK_CLI_PATH, "--server", address, "--profile",
                                 (dir / "profile-li").string(), "--json", "watch"},
        std::map<std::string, std::string>{}, log_);
  }
  ~Watcher() { child_->stop(SIGTERM); }

  // The texts of the messages printed so far, in order.
  std::vector<std::string> texts() const {
    std::vector<std::string> out;
    std::istringstream in(child_->log());
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] != '{') continue;  // a note on stderr
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_discarded() && j.value("type", "") == "message") {
        out.push_back(j["message"]["text"].get<std::string>());
      }
    }
    return out;
  }

 private:
  std::filesystem::path log_;
  std::unique_ptr<ChildProcess> child_;
};

TEST_F(NetworkFaults, CliWatchPrintsEveryMessageOnceThroughCutsHalfFramesAndRefusals) {
  start_behind_proxy();
  ASSERT_EQ(
      cli("li", {"register", "seller.li", "--name", "Li", "--seller", "--shop", "Li's"}).exit_code,
      0);
  auto anna = chat(member("anna"));
  std::vector<std::string> sent;
  const auto send = [&](const std::string& text) {
    ASSERT_TRUE(anna.send(text_to("seller.li", text)).ok());
    sent.push_back(text);
  };
  send("before the watch");
  Watcher watch(dir_.path(), proxy_->address());
  const auto printed_all = [&] { return watch.texts() == sent; };
  ASSERT_TRUE(souk::test::wait_until(printed_all)) << "printed " << watch.texts().size();

  const std::vector<std::pair<const char*, std::function<void()>>> rounds = {
      {"cut", [&] { proxy_->cut_all(); }},
      {"half a chunk", [&] { proxy_->cut_mid_next_chunk(Direction::kToClient); }},
      {"refused, then back",
       [&] {
         proxy_->refuse(true);
         proxy_->cut_all();
       }},
      {"cut inside a large message", [&] { proxy_->cut_after(Direction::kToClient, 50'000); }},
  };
  int round = 0;
  for (const auto& [name, arm] : rounds) {
    SCOPED_TRACE(name);
    const size_t cuts_before = proxy_->cuts();
    const size_t accepted_before = proxy_->accepted();
    arm();
    for (int k = 0; k < 3; ++k) {
      send("round " + std::to_string(round) + "." + std::to_string(k) +
           (k == 2 ? std::string(150'000, 'W') : ""));
    }
    ASSERT_TRUE(souk::test::wait_until([&] { return proxy_->cuts() > cuts_before; }))
        << "the fault never struck";
    // A refused watch tries again; once it has, let it in.
    ASSERT_TRUE(souk::test::wait_until([&] { return proxy_->accepted() > accepted_before; }));
    proxy_->refuse(false);
    ASSERT_TRUE(souk::test::wait_until(printed_all, std::chrono::seconds(90)))
        << "printed " << watch.texts().size() << " of " << sent.size();
    ++round;
  }
}

TEST_F(NetworkFaults, CoreSendsWhoseRepliesAreCutAreStoredOnceAndShownOnce) {
  start_behind_proxy({"--presence-grace-seconds", "1"});
  auto li = signed_in_at(server_->address(), "seller.li", true);
  auto anna = signed_in_at(proxy_->address(), "anna");
  const auto chat = anna->commands().open_chat("seller.li");
  std::vector<std::string> sent;
  for (int i = 0; i < 12; ++i) {
    const size_t cuts_before = proxy_->cuts();
    // The next thing soukd says to anna (most often the reply to this send) is cut.
    proxy_->cut_mid_next_chunk(i % 2 == 0 ? Direction::kToClient : Direction::kToServer);
    sent.push_back("try " + std::to_string(i) + std::string(i * 10'000, '.'));
    anna->commands().send_text(chat, sent.back());
    ASSERT_TRUE(wait_until(*anna, [&](auto&) { return proxy_->cuts() > cuts_before; }));
    ASSERT_TRUE(wait_until(*anna,
                           [&](auto& s) {
                             const auto* c = s.chat(chat);
                             return texts_from(c, "anna") == sent && !c->messages.back().pending;
                           }))
        << "shown: " << texts_from(anna->store().chat(chat), "anna").size();
  }
  ASSERT_TRUE(wait_until(*li, [&](auto& s) {
    return texts_from(s.chat(client::ChatKey::direct("anna")), "anna") == sent;
  }));
  for (const auto& text : sent) EXPECT_EQ(server_copies(text), 1) << text.substr(0, 8);
  const auto* at_anna = anna->store().chat(chat);
  for (size_t i = 1; i < at_anna->messages.size(); ++i) {
    EXPECT_EQ(at_anna->messages[i].seq, at_anna->messages[i - 1].seq + 1);
  }
}

}  // namespace
}  // namespace souk::test
