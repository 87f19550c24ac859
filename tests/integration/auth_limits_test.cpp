// What an unauthenticated caller can make soukd spend: request size, login guesses per
// account and per address, registrations per address, password hashing.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "integration/fixture.hpp"

namespace souk::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

bool contains(const std::string& text, const std::string& words) {
  return text.find(words) != std::string::npos;
}

class AuthLimits : public SoukdTest {
 protected:
  void SetUp() override {}  // each test starts soukd with its own limits

  // soukd reachable on 127.0.0.1 and on ::1, so that they are two callers from two
  // places, as a stranger and an account's owner would be. (A name such as localhost
  // binds only its first address; both need the wildcard, for the few seconds of a test.)
  void start_on_both(std::vector<std::string> args = {}) {
    args.insert(args.end(), {"--listen", "[::]:0", "--allow-insecure"});
    start(std::move(args));
    const auto& address = server_->address();
    port_ = address.substr(address.rfind(':') + 1);
  }
  client::AuthClient from_v4() { return from("127.0.0.1:" + port_); }
  client::AuthClient from_v6() { return from("[::1]:" + port_); }

  static client::AuthClient from(const std::string& address) {
    auto channel = client::open_channel({address, ""});
    EXPECT_TRUE(channel.ok());
    return client::AuthClient(*channel);
  }

  std::string port_;
};

TEST_F(AuthLimits, AHugeMemberIdIsRefusedByItsSizeAndLeavesNoMemoryBehind) {
  start_measured();
  const pid_t pid = server_->pid();
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  const int64_t rss_before = status_kib(pid, "VmRSS");
  const int64_t peak_before = status_kib(pid, "VmHWM");

  // Each of them used to leave 20 MiB behind: it was parsed, and its ID kept as a key of
  // the login throttle (twenty: about 400 MiB).
  const std::string huge(20 << 20, 'a');
  for (int i = 0; i < 12; ++i) {
    auto r = auth_client().login(login_request(huge + std::to_string(i), "wrong password"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << r.status().message();
    EXPECT_TRUE(contains(r.status().message(), "at most 4096 bytes (max_auth_request_bytes)"))
        << r.status().message();
  }
  auto big_name = buyer("bob");
  big_name.set_display_name(std::string(8192, 'b'));
  auto registered = auth_client().register_account(big_name);
  EXPECT_EQ(registered.status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(contains(registered.status().message(), "Register requests may be at most 4096"))
      << registered.status().message();

  const int64_t growth_mib = (status_kib(pid, "VmRSS") - rss_before) / 1024;
  const int64_t peak_growth_mib = (status_kib(pid, "VmHWM") - peak_before) / 1024;
  // What remains is gRPC's read buffers for the one request in flight, at most.
  EXPECT_LT(growth_mib, 96) << "resident grew by " << growth_mib << " MiB";
  EXPECT_LT(peak_growth_mib, 160) << "peak grew by " << peak_growth_mib << " MiB";
  std::cout << "resident +" << growth_mib << " MiB, peak +" << peak_growth_mib << " MiB\n";
  // An ID too long for the syntax, small enough to pass: refused before any throttle sees it.
  auto r = auth_client().login(login_request(std::string(200, 'x'), "wrong password"));
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(contains(r.status().message(), "3 to 32")) << r.status().message();
  EXPECT_TRUE(auth_client().login(login_request("anna")).ok()) << "the account is not throttled";
}

TEST_F(AuthLimits, AStrangerIsRefusedWhileTheOwnerElsewhereGetsIn) {
  // Failures answered at once: the second each would add is not what is tested here.
  start_on_both({"--login-failure-delay-ms", "0"});
  ASSERT_TRUE(from_v6().register_account(buyer("anna")).ok());
  for (int i = 0; i < 5; ++i) {
    auto r = from_v4().login(login_request("anna", "guess " + std::to_string(i)));
    EXPECT_EQ(r.status().code(), Code::kUnauthenticated) << "guess " << i;
  }
  for (int i = 0; i < 10; ++i) {
    auto r = from_v4().login(login_request("anna", "guess more " + std::to_string(i)));
    EXPECT_EQ(r.status().code(), Code::kResourceExhausted) << r.status().message();
    EXPECT_TRUE(contains(r.status().message(), "for 'anna' from your address"))
        << r.status().message();
  }
  // The owner, from another address, is slowed by the failures on the account (a
  // second) but never refused, while the stranger keeps hammering.
  std::atomic<bool> hammering{true};
  std::atomic<int> refused{0};
  std::thread stranger([&] {
    auto auth = from_v4();
    while (hammering) {
      auto r = auth.login(login_request("anna", "another guess"));
      if (r.status().code() == Code::kResourceExhausted) ++refused;
    }
  });
  const auto started = steady_clock::now();
  auto owner = from_v6().login(login_request("anna"));
  const auto took = steady_clock::now() - started;
  hammering = false;
  stranger.join();
  EXPECT_GT(refused, 0);
  ASSERT_TRUE(owner.ok()) << owner.status().message();
  EXPECT_GE(took, milliseconds(900)) << "five failures on the account delay the next check";
  EXPECT_LT(took, milliseconds(8000));
  // From the stranger's address, even the right password waits out the window.
  auto same_place = from_v4().login(login_request("anna"));
  EXPECT_EQ(same_place.status().code(), Code::kResourceExhausted);
}

TEST_F(AuthLimits, GuessingManyMemberIdsFromOneAddressIsRefused) {
  start_on_both({"--login-address-max-failures", "10", "--login-failure-delay-ms", "0"});
  ASSERT_TRUE(from_v6().register_account(buyer("anna")).ok());
  for (int i = 0; i < 10; ++i) {
    auto r = from_v4().login(login_request("guess" + std::to_string(i), "wrong password"));
    EXPECT_EQ(r.status().code(), Code::kUnauthenticated) << "guess " << i;
  }
  auto refused = from_v4().login(login_request("anna"));
  EXPECT_EQ(refused.status().code(), Code::kResourceExhausted);
  EXPECT_TRUE(contains(refused.status().message(), "too many failed logins from your address"))
      << refused.status().message();
  EXPECT_TRUE(contains(refused.status().message(), "try again in 15 minutes"))
      << refused.status().message();
  EXPECT_TRUE(from_v6().login(login_request("anna")).ok()) << "other addresses are not refused";
}

TEST_F(AuthLimits, RegistrationsPerAddressAreLimited) {
  start_on_both({"--register-max-per-address", "3"});
  for (int i = 0; i < 3; ++i) {
    auto r = from_v4().register_account(buyer("shop" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  auto refused = from_v4().register_account(buyer("shop3"));
  EXPECT_EQ(refused.status().code(), Code::kResourceExhausted);
  EXPECT_TRUE(contains(refused.status().message(), "too many new accounts from your address"))
      << refused.status().message();
  EXPECT_TRUE(contains(refused.status().message(), "60 minutes")) << refused.status().message();
  EXPECT_EQ(count_rows("accounts"), 3);
  EXPECT_TRUE(from_v6().register_account(buyer("shop3")).ok()) << "other addresses may register";
  EXPECT_EQ(count_rows("accounts"), 4);
}

TEST_F(AuthLimits, AFullHashPoolRefusesAtOnceAndDeliveryGoesOn) {
  // Every guess below is for a new ID from the same address: none is refused for that.
  // Every guess below is checked: no throttle refuses it first.
  start({"--password-hash-threads", "1", "--password-hash-queue", "1",
         "--login-address-max-failures", "1000000", "--login-max-failures", "1000000"});
  const auto anna = member("anna");
  const auto bob = member("bob");
  EventCollector bob_events(server_->address(), bob);

  // Sixteen callers log in again and again, with wrong passwords for real member IDs: each
  // admitted guess costs a hash. Those checked come back a second late
  // (login_failure_delay_ms); those refused for the full pool, at once.
  std::atomic<bool> storming{true};
  std::atomic<int> busy{0}, checked{0};
  std::atomic<int64_t> slowest_refusal_ms{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 16; ++t) {
    callers.emplace_back([&, t] {
      auto auth = auth_client();
      for (int i = 0; storming; ++i) {
        const auto started = steady_clock::now();
        auto r = auth.login(login_request(t % 2 == 0 ? "anna" : "bob", "wrong password"));
        const auto ms = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
        if (r.status().code() == Code::kResourceExhausted &&
            contains(r.status().message(), "checking too many passwords")) {
          ++busy;
          int64_t seen = slowest_refusal_ms;
          while (ms.count() > seen && !slowest_refusal_ms.compare_exchange_weak(seen, ms.count())) {
          }
        } else if (r.status().code() == Code::kUnauthenticated) {
          ++checked;
        }
      }
    });
  }
  const auto deadline = steady_clock::now() + std::chrono::seconds(20);
  while ((busy < 20 || checked < 4) && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  // A message while the hashing thread is never idle.
  const auto sent_at = steady_clock::now();
  auto sent = chat(anna).send(text_to("bob", "still there?"));
  const bool delivered = bob_events.wait_for_messages(1, std::chrono::seconds(10));
  const auto delivery = steady_clock::now() - sent_at;
  storming = false;
  for (auto& c : callers) c.join();

  ASSERT_TRUE(sent.ok()) << sent.status().message();
  ASSERT_TRUE(delivered);
  EXPECT_EQ(bob_events.messages().at(0).text(), "still there?");
  EXPECT_LT(delivery, milliseconds(1500)) << "delivery waited behind password checks";
  EXPECT_GE(busy, 20) << "a full pool answers RESOURCE_EXHAUSTED";
  EXPECT_GE(checked, 4) << "and still checks what it admitted";
  // Refused at once, not after waiting for a hashing thread (a check takes ~50 ms; the
  // bound leaves room for a loaded, sanitized machine).
  EXPECT_LT(slowest_refusal_ms, 1000);
}

TEST_F(AuthLimits, AnUnknownMemberIdCostsNoHash) {
  // One hashing thread and no queue, kept busy by two callers guessing a real account.
  start({"--password-hash-threads", "1", "--password-hash-queue", "0",
         "--login-address-max-failures", "1000000", "--login-max-failures", "1000000",
         "--login-failure-delay-ms", "0"});
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  std::atomic<bool> guessing{true};
  std::atomic<int> pool_full{0};
  std::vector<std::thread> guessers;
  for (int t = 0; t < 2; ++t) {
    guessers.emplace_back([&] {
      auto auth = auth_client();
      while (guessing) {
        auto r = auth.login(login_request("anna", "wrong password"));
        if (contains(r.status().message(), "checking too many passwords")) ++pool_full;
      }
    });
  }
  // Unknown IDs meanwhile: none waits for, or is refused by, the busy pool.
  std::map<std::string, int> answers;
  auto auth = auth_client();
  for (int i = 0; i < 40; ++i) {
    auto r = auth.login(login_request("nobody" + std::to_string(i), "wrong password"));
    ++answers[r.status().message()];
  }
  guessing = false;
  for (auto& g : guessers) g.join();
  EXPECT_EQ(answers.size(), 1u) << "first: " << answers.begin()->first;
  EXPECT_EQ(answers["wrong member ID or password"], 40);
  EXPECT_GT(pool_full, 0) << "the pool was busy all along, so the unknown IDs never used it";
}

TEST_F(AuthLimits, FailedLoginsAreAnsweredLate) {
  start({"--login-failure-delay-ms", "1500"});
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  auto auth = auth_client();
  for (const std::string id : {"anna", "nobody"}) {
    const auto started = steady_clock::now();
    auto r = auth.login(login_request(id, "wrong password"));
    const auto took = steady_clock::now() - started;
    EXPECT_EQ(r.status().code(), Code::kUnauthenticated) << id;
    EXPECT_EQ(r.status().message(), "wrong member ID or password") << id;
    EXPECT_GE(took, milliseconds(1500)) << id;
  }
  // The right password is not held: it is answered as soon as it is checked.
  const auto started = steady_clock::now();
  ASSERT_TRUE(auth.login(login_request("anna")).ok());
  EXPECT_LT(steady_clock::now() - started, milliseconds(1500));
}

}  // namespace
}  // namespace souk::test
