// The session cache behind authenticate: calls pass without a reader, and whatever ends a
// session is felt on the very next call, cached or not.
#include "server/domain/session_cache.hpp"

#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "server/domain/accounts.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/session_repository.hpp"
#include "server/storage/writer.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk::domain {
namespace {

using namespace std::chrono_literals;

const std::string kPassword = "correct horse battery";
constexpr int64_t kCacheTtlMs = 10 * 60'000;  // longer than any test: only ends drop entries

template <class T>
T wait(std::future<T> f) {
  if (f.wait_for(60s) != std::future_status::ready) throw std::runtime_error("no reply in 60 s");
  return f.get();
}

SessionCache::Entry entry(const std::string& hash) {
  SessionCache::Entry e;
  e.account_id = 1;
  e.token_hash = hash;
  e.expires_at_ms = 1'000'000;
  return e;
}

TEST(SessionCacheTest, AReadThatStartedBeforeADropCannotPutTheSessionBack) {
  SessionCache cache(10, 30'000);
  const uint64_t before = cache.generation();
  cache.drop({"ended"});  // committed while the read was under way
  cache.put(entry("ended"), 0, before);
  EXPECT_FALSE(cache.get("ended", 1).has_value());
  cache.put(entry("ended"), 0, cache.generation());  // read after the drop: stands
  EXPECT_TRUE(cache.get("ended", 1).has_value());
}

TEST(SessionCacheTest, StaysWithinItsSizeAndForgetsAfterItsTtl) {
  SessionCache cache(3, 30'000);
  for (int i = 0; i < 10; ++i) cache.put(entry("s" + std::to_string(i)), i, cache.generation());
  EXPECT_LE(cache.size(), 3u);
  EXPECT_TRUE(cache.get("s9", 10).has_value());
  EXPECT_FALSE(cache.get("s9", 9 + 30'000).has_value());
  SessionCache off(0, 30'000);
  off.put(entry("x"), 0, off.generation());
  EXPECT_EQ(off.size(), 0u);
}

TEST(SessionCacheTest, OneCallerPerStepWritesLastSeen) {
  SessionCache cache(10, 30'000);
  cache.put(entry("s"), 0, cache.generation());
  EXPECT_TRUE(cache.claim_last_seen("s", 60'000, 60'000));
  EXPECT_FALSE(cache.claim_last_seen("s", 60'001, 60'000)) << "claimed twice in one step";
  EXPECT_TRUE(cache.claim_last_seen("s", 120'000, 60'000));
  EXPECT_TRUE(cache.claim_last_seen("not cached", 5, 60'000));
}

class AuthenticateCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    souk::crypto_init();
    file_ = dir_ / "souk.db";
    writer_ = std::make_unique<storage::Writer>(file_, "NORMAL");
    // One connection, so a test can take every reader there is.
    readers_ = std::make_unique<storage::ReaderPool>(file_, 1, 200ms);
    pool_ = std::make_unique<boost::asio::thread_pool>(2);
    AccountSettings settings;
    settings.minimal_hash_cost = true;
    settings.session_cache_ttl_ms = kCacheTtlMs;
    accounts_ = std::make_unique<Accounts>(*writer_, *readers_, clock_, *pool_, settings);
    RegisterInput in{"alice", kPassword, "Alice", static_cast<int>(Role::kBuyer), ""};
    auto p = std::make_shared<std::promise<Result<AccountView>>>();
    accounts_->register_account(in, [p](Result<AccountView> r) { p->set_value(std::move(r)); });
    ASSERT_TRUE(wait(p->get_future()).ok());
  }

  void TearDown() override {
    accounts_->stop();
    pool_->join();
    writer_->stop();
  }

  std::string login(const std::string& device) {
    auto p = std::make_shared<std::promise<Result<LoginOutput>>>();
    accounts_->login({"alice", kPassword, device},
                     [p](Result<LoginOutput> r) { p->set_value(std::move(r)); });
    auto out = wait(p->get_future());
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? out->token : "";
  }

  Session session(const std::string& token) {
    auto s = accounts_->authenticate(token);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? *s : Session{};
  }

  // Refused for good: UNAUTHENTICATED, whether from the cache or from SQLite.
  void expect_refused(const std::string& token, const std::string& why) {
    auto s = accounts_->authenticate(token);
    ASSERT_FALSE(s.ok()) << why << ": the ended session still passed";
    EXPECT_EQ(s.status().code(), Code::kUnauthenticated) << why << ": " << s.status().message();
  }

  template <class T>
  static std::function<void(T)> into(std::shared_ptr<std::promise<T>> p) {
    return [p](T v) { p->set_value(std::move(v)); };
  }

  // Takes the pool's only reader on another thread until the returned guard goes.
  std::shared_ptr<void> hold_every_reader() {
    auto held = std::make_shared<std::promise<void>>();
    auto release = std::make_shared<std::promise<void>>();
    auto thread = std::make_shared<std::thread>([this, held, release] {
      readers_->with([&](storage::Database&) {
        held->set_value();
        release->get_future().wait();
        return 0;
      });
    });
    held->get_future().wait();
    return std::shared_ptr<void>(nullptr, [thread, release](void*) {
      release->set_value();
      thread->join();
    });
  }

  test::TempDir dir_;
  std::filesystem::path file_;
  ManualClock clock_;
  std::unique_ptr<storage::Writer> writer_;
  std::unique_ptr<storage::ReaderPool> readers_;
  std::unique_ptr<boost::asio::thread_pool> pool_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(AuthenticateCacheTest, ACheckedSessionPassesWhileEveryReaderIsTakenAndANewOneIsBusy) {
  const auto known = login("phone");
  const auto other = login("laptop");
  const auto session = this->session(known);
  auto guard = hold_every_reader();
  const auto start = std::chrono::steady_clock::now();
  auto again = accounts_->authenticate(known);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->id, session.id);
  EXPECT_EQ(again->device_name, "phone");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 150ms) << "it waited for a reader";

  auto uncached = accounts_->authenticate(other);
  ASSERT_FALSE(uncached.ok());
  EXPECT_EQ(uncached.status().code(), Code::kUnavailable);
  EXPECT_EQ(uncached.status().message(), "the server is busy; try again");
  guard.reset();
  EXPECT_TRUE(accounts_->authenticate(other).ok());
}

TEST_F(AuthenticateCacheTest, LogoutIsFeltOnTheNextCall) {
  const auto token = login("phone");
  const auto s = session(token);
  auto done = std::make_shared<std::promise<Status>>();
  accounts_->logout(s, into(done));
  ASSERT_TRUE(wait(done->get_future()).ok());
  expect_refused(token, "logout");
}

TEST_F(AuthenticateCacheTest, EndSessionAndEndOtherSessionsAreFeltOnTheNextCall) {
  const auto phone = login("phone");
  const auto laptop = login("laptop");
  const auto tablet = login("tablet");
  const auto me = session(phone);
  const auto laptop_session = session(laptop);
  (void)session(tablet);

  auto ended = std::make_shared<std::promise<Status>>();
  accounts_->end_session(me, laptop_session.id, into(ended));
  ASSERT_TRUE(wait(ended->get_future()).ok());
  expect_refused(laptop, "EndSession");
  EXPECT_TRUE(accounts_->authenticate(tablet).ok());

  auto others = std::make_shared<std::promise<Result<int>>>();
  accounts_->end_other_sessions(me, into(others));
  auto count = wait(others->get_future());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  expect_refused(tablet, "EndOtherSessions");
  EXPECT_TRUE(accounts_->authenticate(phone).ok()) << "the session asking stays";
}

TEST_F(AuthenticateCacheTest, ChangePasswordIsFeltOnTheNextCallOfEveryOtherSession) {
  const auto phone = login("phone");
  const auto laptop = login("laptop");
  const auto me = session(phone);
  (void)session(laptop);
  auto changed = std::make_shared<std::promise<Result<int>>>();
  accounts_->change_password(me, kPassword, "a new password here", into(changed));
  auto count = wait(changed->get_future());
  ASSERT_TRUE(count.ok()) << count.status().message();
  EXPECT_EQ(*count, 1);
  expect_refused(laptop, "ChangePassword");
  EXPECT_TRUE(accounts_->authenticate(phone).ok());
}

TEST_F(AuthenticateCacheTest, ACachedSessionStillExpiresOnTime) {
  const auto token = login("phone");
  const auto s = session(token);
  clock_.advance_ms(s.expires_at_ms - clock_.now_ms());
  auto expired = accounts_->authenticate(token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), Code::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);
}

TEST_F(AuthenticateCacheTest, LastSeenIsStillWrittenForACachedSession) {
  const auto token = login("phone");
  const auto s = session(token);
  clock_.advance_ms(kLastSeenStepMs + 1);
  const int64_t now = clock_.now_ms();
  ASSERT_TRUE(accounts_->authenticate(token).ok());  // from the cache: it is 10 min long
  // The write is not waited for by the call; wait for it here.
  int64_t seen = 0;
  for (int i = 0; i < 600 && seen != now; ++i) {
    auto listed = accounts_->sessions(s);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 1u);
    seen = listed->front().last_seen_ms;
    if (seen != now) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(seen, now);
}

}  // namespace
}  // namespace souk::domain
