// client/core when the server goes away: reconnect and resume, the outbox sent exactly
// once across a SIGKILLed client, and history from the local cache with no server at all.
#include <signal.h>

#include "integration/core_fixture.hpp"
#include "tools/process/child_process.hpp"

namespace souk::test {
namespace {

using ClientCoreOffline = CoreTest;
using Phase = client::ConnectionState::Phase;

std::vector<std::string> probe(std::vector<std::string> args) {
  args.insert(args.begin(), CORE_PROBE_PATH);
  return args;
}

int64_t outbox_rows(const std::filesystem::path& cache_file) {
  if (!std::filesystem::exists(cache_file)) return 0;
  storage::Database db(cache_file, storage::Database::Mode::kReadOnly);
  auto stmt = db.prepare("SELECT count(*) FROM outbox");
  return stmt.step() ? stmt.int64(0) : -1;
}

TEST_F(ClientCoreOffline, ReconnectsAfterServerRestartAndResumesTheStream) {
  auto li = signed_in("seller.li", true);
  auto anna = signed_in("anna");
  anna->commands().send_text(anna->commands().open_chat("seller.li"), "before the restart");
  ASSERT_TRUE(wait_until(
      *li, [](auto& s) { return texts(s.chat(client::ChatKey::direct("anna"))).size() == 1; }));

  const std::string li_token = member("seller.li2");  // a second sender, outside the cores
  // SIGKILL: a crash, and no wait for a graceful shutdown of the open streams.
  const std::string address = server_->address();
  stop_server(SIGKILL);
  ASSERT_TRUE(wait_until(*anna, [](auto& s) {
    return s.connection.phase == Phase::kReconnecting &&
           s.connection.last_error == "Cannot reach the server";
  }));
  // Written while the server is down: waits in the outbox, shown as not yet sent.
  const auto to_li = anna->store().focus;
  anna->commands().send_text(to_li, "written offline");
  const auto* shown = anna->store().chat(to_li);
  EXPECT_EQ(shown->state_of(shown->messages.back()), client::MessageState::kNotSent);

  restart_server(address);
  // Sent while anna's client is still away: comes with the resumed stream.
  ASSERT_TRUE(chat(li_token).send(text_to("anna", "from the second seller")).ok());
  ASSERT_TRUE(wait_until(*anna, connected));
  ASSERT_TRUE(wait_until(*anna, [](auto& s) {
    return texts(s.chat(client::ChatKey::direct("seller.li2"))).size() == 1 &&
           !s.chat(client::ChatKey::direct("seller.li"))->messages.back().pending;
  }));
  ASSERT_TRUE(wait_until(
      *li, [](auto& s) { return texts(s.chat(client::ChatKey::direct("anna"))).size() == 2; }));
  EXPECT_EQ(texts(li->store().chat(client::ChatKey::direct("anna"))),
            (std::vector<std::string>{"before the restart", "written offline"}));
  EXPECT_EQ(texts(anna->store().chat(client::ChatKey::direct("seller.li"))),
            (std::vector<std::string>{"before the restart", "written offline"}));
  EXPECT_EQ(server_copies("written offline"), 1);
}

TEST_F(ClientCoreOffline, OutboxIsSentExactlyOnceAcrossAClientKill) {
  auto li = signed_in("seller.li", true);
  signed_in("anna").reset();  // leaves a remembered token and a cache behind
  const auto profile = core_options("anna").profile_dir;
  const auto cache = core_options("anna").cache_dir;
  const auto cache_file = client::LocalCache::file_for(cache, server_->address(), "anna");

  const std::string address = server_->address();
  stop_server(SIGKILL);
  {
    ChildProcess writer(
        probe({profile.string(), cache.string(), "send", "seller.li", "survives a crash"}), {},
        dir_ / "probe.log");
    for (int i = 0; i < 400 && outbox_rows(cache_file) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ASSERT_EQ(outbox_rows(cache_file), 1);
    EXPECT_EQ(writer.stop(SIGKILL), 128 + SIGKILL);
  }
  restart_server(address);
  EXPECT_EQ(run_process(probe({profile.string(), cache.string(), "flush"})).exit_code, 0);
  EXPECT_EQ(outbox_rows(cache_file), 0);
  EXPECT_EQ(run_process(probe({profile.string(), cache.string(), "flush"})).exit_code, 0);
  EXPECT_EQ(server_copies("survives a crash"), 1);
  ASSERT_TRUE(wait_until(
      *li, [](auto& s) { return texts(s.chat(client::ChatKey::direct("anna"))).size() == 1; }));
}

TEST_F(ClientCoreOffline, CrashAfterTheServerCommittedResendsTheSameMessage) {
  auto li = signed_in("seller.li", true);
  signed_in("anna").reset();
  const auto anna_token = another_device("anna");
  // The state a crash leaves when it strikes after the server committed the message but
  // before the client removed it from its outbox.
  const auto cache_file =
      client::LocalCache::file_for(core_options("anna").cache_dir, server_->address(), "anna");
  ASSERT_TRUE(chat(anna_token).send(text_to("seller.li", "committed once", "crash-7")).ok());
  {
    auto cache = client::LocalCache::open(cache_file);
    ASSERT_TRUE(cache.ok());
    (*cache)->add_to_outbox(
        {"crash-7", client::ChatKey::direct("seller.li"), "committed once", std::nullopt, 1, ""});
  }
  auto anna = core("anna");
  ASSERT_TRUE(wait_until(*anna, [](auto& s) {
    const auto* c = s.chat(client::ChatKey::direct("seller.li"));
    return s.connection.online() && c != nullptr && !c->messages.empty() &&
           !c->messages.back().pending;
  }));
  EXPECT_TRUE(wait_until(*anna, [&](auto&) { return outbox_rows(cache_file) == 0; }));
  EXPECT_EQ(server_copies("committed once"), 1);
  EXPECT_EQ(texts(anna->store().chat(client::ChatKey::direct("seller.li"))),
            std::vector<std::string>{"committed once"});
}

TEST_F(ClientCoreOffline, CacheShowsHistoryWithNoServer) {
  auto li = signed_in("seller.li", true);
  {
    auto anna = signed_in("anna");
    const auto chat = anna->commands().open_chat("seller.li");
    anna->commands().send_text(chat, "Dzień dobry");
    ASSERT_TRUE(wait_until(
        *li, [](auto& s) { return texts(s.chat(client::ChatKey::direct("anna"))).size() == 1; }));
    li->commands().send_text(client::ChatKey::direct("anna"), "你好, welcome");
    ASSERT_TRUE(wait_until(*anna, [&](auto& s) { return texts(s.chat(chat)).size() == 2; }));
  }
  li.reset();
  stop_server(SIGTERM);

  auto offline = core("anna");
  ASSERT_TRUE(wait_until(
      *offline, [](auto& s) { return s.chat(client::ChatKey::direct("seller.li")) != nullptr; }));
  offline->commands().open_chat("seller.li");
  ASSERT_TRUE(wait_until(*offline, [](auto& s) {
    return texts(s.chat(client::ChatKey::direct("seller.li"))).size() == 2 &&
           !s.chat(client::ChatKey::direct("seller.li"))->loading_older;
  }));
  EXPECT_EQ(texts(offline->store().chat(client::ChatKey::direct("seller.li"))),
            (std::vector<std::string>{"Dzień dobry", "你好, welcome"}));
  EXPECT_EQ(offline->store().me.member_id, "anna");
  EXPECT_TRUE(offline->store().contacts.groups.size() >= 1);
  EXPECT_NE(offline->store().connection.phase, Phase::kConnected);
}

}  // namespace
}  // namespace souk::test
