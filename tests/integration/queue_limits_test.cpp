// soukd at its queue limits: sessions remembered by the token check end at once when their
// session does, and messages past the translation jobs' limit are delivered all the same,
// their translations following later.
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "client/core/contact_client.hpp"
#include "integration/translation_fixture.hpp"

namespace souk::test {
namespace {

using namespace std::chrono_literals;

class QueueLimits : public TranslationTest {};

// Who a token belongs to, asked the way every call asks: through the token check.
Status whoami(client::AuthClient client) {
  return client.whoami().status();
}

TEST_F(QueueLimits, EndedSessionsAreRefusedOnTheNextCallThoughTheTokenCheckRemembersThem) {
  stop_server(SIGTERM);
  // Remembered far longer than the test runs: only the end of a session can drop one.
  start({"--session-cache-seconds", "600"});
  const auto phone = member("anna");
  const auto laptop = another_device("anna");
  const auto tablet = another_device("anna");
  const auto watch = another_device("anna");
  const auto desktop = another_device("anna");
  for (const auto& token : {phone, laptop, tablet, watch, desktop}) {
    ASSERT_TRUE(whoami(auth_client(token)).ok());  // now remembered
  }

  ASSERT_TRUE(auth_client(desktop).logout().ok());
  EXPECT_EQ(whoami(auth_client(desktop)).code(), Code::kUnauthenticated) << "logout";

  auto list = auth_client(phone).sessions();
  ASSERT_TRUE(list.ok()) << list.status().message();
  std::string laptop_id;
  for (const auto& s : list->sessions()) {
    if (!s.current() && laptop_id.empty()) laptop_id = s.id();
  }
  ASSERT_FALSE(laptop_id.empty());
  ASSERT_TRUE(auth_client(phone).end_session(laptop_id).ok());
  int ended = 0;
  for (const auto& token : {laptop, tablet, watch}) {
    ended += whoami(auth_client(token)).code() == Code::kUnauthenticated ? 1 : 0;
  }
  EXPECT_EQ(ended, 1) << "EndSession";

  ASSERT_TRUE(auth_client(phone).change_password(kPassword, "a much better one").ok());
  for (const auto& token : {laptop, tablet, watch}) {
    EXPECT_EQ(whoami(auth_client(token)).code(), Code::kUnauthenticated) << "ChangePassword";
  }
  EXPECT_TRUE(whoami(auth_client(phone)).ok()) << "the session that changed it stays";

  const auto again = auth_client().login(login_request("anna", "a much better one"));
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(whoami(auth_client(again->token())).ok());
  auto others = auth_client(phone).end_other_sessions();
  ASSERT_TRUE(others.ok());
  EXPECT_EQ(*others, 1);
  EXPECT_EQ(whoami(auth_client(again->token())).code(), Code::kUnauthenticated)
      << "EndOtherSessions";
}

TEST_F(QueueLimits, MessagesPastTheTranslationJobLimitAreDeliveredAndTranslatedLater) {
  stop_server(SIGTERM);
  start({"--translation-queue-limit", "1", "--translate-timeout-ms", "3000",
         "--translate-retry-seconds", "1"});
  const auto buyer = member("cliente");
  const auto seller = member("seller.busy");
  settings(buyer, "es", "es");
  settings(seller, "en", "en");
  EventCollector events(server_->address(), buyer);
  auto warm = chat(seller).send(text_to("cliente", "Good morning."));
  ASSERT_TRUE(warm.ok());
  ASSERT_TRUE(wait_translation(events, warm->message().id(), v1::TRANSLATION_STATE_DONE))
      << server_->log();

  // The engine hangs, so the one job slot stays taken by whichever message gets it.
  const auto stuck = pipelines();
  ASSERT_EQ(stuck.size(), 1u);
  ::kill(-stuck[0], SIGSTOP);
  const std::vector<std::string> texts = {"The price is too high.", "I want two boxes.",
                                          "Where is my order?"};
  std::vector<int64_t> ids;
  for (const auto& text : texts) {
    auto sent = chat(seller).send(text_to("cliente", text));
    ASSERT_TRUE(sent.ok()) << sent.status().message();
    ids.push_back(sent->message().id());
  }
  // Every message is delivered, whatever became of its translation.
  ASSERT_TRUE(events.wait_for([&](const std::vector<v1::Event>& all) {
    std::set<int64_t> got;
    for (const auto& e : all) {
      if (e.has_message()) got.insert(e.message().id());
    }
    return std::all_of(ids.begin(), ids.end(), [&](int64_t id) { return got.count(id) > 0; });
  })) << server_->log();

  // At least one found the jobs full: its translation is failed for now, with a retry time.
  int deferred = 0;
  ASSERT_TRUE(events.wait_for([&](const std::vector<v1::Event>& all) {
    deferred = 0;
    for (const auto& e : all) {
      if (e.has_message_translated() &&
          e.message_translated().state() == v1::TRANSLATION_STATE_FAILED &&
          e.message_translated().error().find("busy") != std::string::npos) {
        ++deferred;
        EXPECT_GT(e.message_translated().next_retry_ms(), 0);
        EXPECT_EQ(e.message_translated().attempts(), 0);
      }
    }
    return deferred >= 1;
  })) << server_->log();
  ::kill(-stuck[0], SIGCONT);

  // And each is translated after all, once the engine answers again.
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto done = wait_translation(events, ids[i], v1::TRANSLATION_STATE_DONE);
    ASSERT_TRUE(done) << texts[i] << "\n" << server_->log();
    EXPECT_EQ(done->target_lang(), "es");
    EXPECT_NE(done->text(), texts[i]);
  }
}

TEST_F(QueueLimits, SendsPastTheWriterLimitAreRefusedAsBusyAndLeaveNoTrace) {
  stop_server(SIGTERM);
  start({"--writer-queue-limit", "1"});
  const auto sender = member("sender.flood");
  (void)member("receiver.flood");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> sent{0};
  std::atomic<int> busy{0};
  std::atomic<int> other{0};
  std::mutex mu;
  std::vector<std::string> unexpected;
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        auto client = chat(sender);
        for (int i = 0; i < kPerThread; ++i) {
          auto r = client.send(
              text_to("receiver.flood", "flood " + std::to_string(t) + "/" + std::to_string(i)));
          if (r.ok()) {
            ++sent;
          } else if (r.status().code() == Code::kUnavailable &&
                     r.status().message().find("the server is busy; try again") !=
                         std::string::npos) {
            ++busy;
          } else {
            ++other;
            std::lock_guard lock(mu);
            unexpected.push_back(r.status().message());
          }
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  EXPECT_EQ(other.load(), 0) << (unexpected.empty() ? "" : unexpected.front());
  EXPECT_EQ(sent + busy + other, kThreads * kPerThread);
  EXPECT_GT(busy.load(), 0) << "eight senders never found one waiting write ahead of them";
  // Every refused send left nothing behind: as many messages as were acknowledged.
  EXPECT_EQ(count_rows("messages"), sent.load()) << server_->log();
}

TEST_F(QueueLimits, PastThePresenceLimitSetPresenceIsRefusedAsBusyAndStoresNothing) {
  stop_server(SIGTERM);
  start({"--presence-tracked-limit", "1"});
  const auto anna = member("anna");
  const auto bob = member("bob");
  EventCollector anna_online(server_->address(), anna);  // her stream takes the one place
  auto choose = [&](const std::string& token, const std::string& text) {
    v1::SetPresenceRequest r;
    r.set_state(v1::PRESENCE_BUSY);
    r.set_status_text(text);
    return client::ContactClient(*client::open_channel({server_->address(), ""}), token)
        .set_presence(r);
  };
  // Anna holds the one place before bob tries: through her stream, or through this call if
  // the stream is not counted yet. Without it, bob's call could take the place first (seen
  // under ThreadSanitizer, where her stream starts slowly), and he would never be refused.
  const auto first = choose(anna, "at the counter");
  ASSERT_TRUE(first.ok()) << first.status().message();
  const std::string refused_text = "bob's choice";
  std::optional<Status> refused;
  if (auto r = choose(bob, refused_text); !r.ok()) refused = r.status();
  ASSERT_TRUE(refused) << "bob was never refused\n" << server_->log();
  EXPECT_EQ(refused->code(), Code::kUnavailable);
  EXPECT_NE(refused->message().find("the server is busy; try again"), std::string::npos)
      << refused->message();
  {
    storage::Database db(server_->database(), storage::Database::Mode::kReadOnly);
    auto stmt = db.prepare("SELECT status_text FROM accounts WHERE member_id = 'bob'");
    ASSERT_TRUE(stmt.step());
    EXPECT_NE(stmt.text(0), refused_text) << "the refused choice was stored";
  }
  // Anna, whose presence is followed, still chooses as ever.
  auto hers = choose(anna, "with a customer");
  ASSERT_TRUE(hers.ok()) << hers.status().message();
  EXPECT_EQ(hers->presence().state(), v1::PRESENCE_BUSY);
}

}  // namespace
}  // namespace souk::test
