#include "server/domain/login_throttle.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/clock.hpp"

namespace souk::domain {
namespace {

constexpr int kMax = 5;
constexpr int kAddressMax = 12;
constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kWindow = 15 * kMinute;
constexpr int64_t kMaxDelay = 16'000;
const std::string kStranger = "ipv4:203.0.113.7";
const std::string kOwnerHome = "ipv4:198.51.100.20";

class LoginThrottleTest : public ::testing::Test {
 protected:
  LoginVerdict attempt(const std::string& id, const std::string& address, bool right) {
    const auto verdict = throttle_.begin_attempt(id, address);
    if (verdict.admitted()) throttle_.end_attempt(id, address, right);
    return verdict;
  }
  void fail(const std::string& id, const std::string& address, int times) {
    for (int i = 0; i < times; ++i) {
      ASSERT_TRUE(attempt(id, address, false).admitted()) << id << " failure " << i + 1;
    }
  }

  ManualClock clock_;
  LoginThrottleSettings settings_{kMax, kWindow, kAddressMax, kMaxDelay, 1000};
  LoginThrottle throttle_{clock_, settings_};
};

TEST_F(LoginThrottleTest, MaxFailuresFromOneAddressRefuseItForTheWindow) {
  fail("alice", kStranger, kMax);
  const auto refused = throttle_.begin_attempt("alice", kStranger);
  EXPECT_EQ(refused.refusal, LoginVerdict::Refusal::kMemberFromAddress);
  EXPECT_EQ(refused.wait_ms, kWindow);
  clock_.advance_ms(kWindow - kMinute);
  EXPECT_EQ(throttle_.begin_attempt("alice", kStranger).wait_ms, kMinute);
  clock_.advance_ms(kMinute);
  EXPECT_TRUE(attempt("alice", kStranger, true).admitted()) << "the window forgives";
}

TEST_F(LoginThrottleTest, TheOwnerElsewhereIsDelayedNeverRefused) {
  fail("alice", kStranger, kMax);
  ASSERT_FALSE(throttle_.begin_attempt("alice", kStranger).admitted());
  const auto owner = throttle_.begin_attempt("alice", kOwnerHome);
  ASSERT_TRUE(owner.admitted());
  EXPECT_EQ(owner.delay_ms, 1000) << "five failures on the account: one second";
  throttle_.end_attempt("alice", kOwnerHome, true);
}

TEST_F(LoginThrottleTest, FailuresFromManyAddressesDoubleTheDelayUpToTheCap) {
  // Four failures from each of many addresses: none is refused, the account slows down.
  int64_t expected = 0;
  for (int a = 0; a < 8; ++a) {
    const std::string address = "ipv4:192.0.2." + std::to_string(a);
    for (int i = 0; i < kMax - 1; ++i) {
      const auto verdict = attempt("alice", address, false);
      ASSERT_TRUE(verdict.admitted()) << address << " attempt " << i;
      EXPECT_EQ(verdict.delay_ms, expected) << address << " attempt " << i;
      const int failures = a * (kMax - 1) + i + 1;
      expected = failures < kMax ? 0 : std::min<int64_t>(1000LL << (failures - kMax), kMaxDelay);
    }
  }
  EXPECT_EQ(throttle_.begin_attempt("alice", kOwnerHome).delay_ms, kMaxDelay);
  throttle_.cancel_attempt("alice", kOwnerHome);
  EXPECT_EQ(throttle_.begin_attempt("bob", kOwnerHome).delay_ms, 0)
      << "other accounts are not slowed";
  throttle_.cancel_attempt("bob", kOwnerHome);
  clock_.advance_ms(kWindow);
  EXPECT_EQ(throttle_.begin_attempt("alice", kOwnerHome).delay_ms, 0) << "the window forgives";
}

TEST_F(LoginThrottleTest, ManyMemberIdsFromOneAddressRefuseTheAddress) {
  for (int i = 0; i < kAddressMax; ++i) fail("guess" + std::to_string(i), kStranger, 1);
  const auto refused = throttle_.begin_attempt("alice", kStranger);
  EXPECT_EQ(refused.refusal, LoginVerdict::Refusal::kAddress);
  EXPECT_EQ(refused.wait_ms, kWindow);
  EXPECT_TRUE(attempt("alice", kOwnerHome, true).admitted()) << "other addresses are not refused";
}

TEST_F(LoginThrottleTest, ConcurrentAttemptsCountBeforeTheyFail) {
  for (int i = 0; i < kMax; ++i)
    ASSERT_TRUE(throttle_.begin_attempt("alice", kStranger).admitted());
  const auto busy = throttle_.begin_attempt("alice", kStranger);
  EXPECT_EQ(busy.refusal, LoginVerdict::Refusal::kMemberFromAddress);
  EXPECT_EQ(busy.wait_ms, 1000);
  // A cancelled attempt (the password never checked) counts neither way.
  throttle_.cancel_attempt("alice", kStranger);
  for (int i = 1; i < kMax; ++i) throttle_.end_attempt("alice", kStranger, false);
  EXPECT_TRUE(attempt("alice", kStranger, false).admitted());
  EXPECT_FALSE(throttle_.begin_attempt("alice", kStranger).admitted());
}

TEST_F(LoginThrottleTest, SuccessForgivesOnlyThatAddressForThatAccount) {
  fail("alice", kOwnerHome, kMax - 1);
  ASSERT_TRUE(attempt("alice", kOwnerHome, true).admitted());
  // Without the success the fifth of these would be refused.
  fail("alice", kOwnerHome, kMax - 1);
  // Every failure still counts for the address: 8 so far, 12 refuse it.
  for (int i = 0; i < 3; ++i) fail("other" + std::to_string(i), kOwnerHome, 1);
  EXPECT_TRUE(throttle_.begin_attempt("bob", kOwnerHome).admitted());
  throttle_.cancel_attempt("bob", kOwnerHome);
  fail("someone", kOwnerHome, 1);
  EXPECT_EQ(throttle_.begin_attempt("alice", kOwnerHome).refusal, LoginVerdict::Refusal::kAddress);
}

TEST_F(LoginThrottleTest, RandomMemberIdsFromManyAddressesStayWithinTheBound) {
  fail("alice", kStranger, kMax);
  for (int i = 0; i < 20'000; ++i) {
    const std::string address =
        "ipv4:10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250);
    fail("guess" + std::to_string(i), address, 1);
  }
  EXPECT_LE(throttle_.tracked(), 3u * 1000u) << "each table holds at most max_entries";
  // The latest keys are the ones kept.
  fail("guess19999", "ipv4:10.0.79.249", kMax - 1);
  EXPECT_FALSE(throttle_.begin_attempt("guess19999", "ipv4:10.0.79.249").admitted());
}

TEST_F(LoginThrottleTest, AnAccountUnderAttackStaysTrackedWhileOthersComeAndGo) {
  for (int i = 0; i < 5000; ++i) {
    if (i % 100 == 0) {
      const auto verdict = attempt("alice", "ipv4:192.0.2." + std::to_string(i / 100), false);
      ASSERT_TRUE(verdict.admitted());
    }
    fail("guess" + std::to_string(i),
         "ipv4:10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250), 1);
  }
  // Fifty failures from fifty addresses: still remembered, so the delay is at its cap.
  EXPECT_EQ(throttle_.begin_attempt("alice", kOwnerHome).delay_ms, kMaxDelay);
  throttle_.cancel_attempt("alice", kOwnerHome);
}

TEST_F(LoginThrottleTest, WithoutAnAddressOnlyTheAccountCounts) {
  fail("alice", "", kMax);
  EXPECT_EQ(throttle_.begin_attempt("alice", "").refusal,
            LoginVerdict::Refusal::kMemberFromAddress);
  EXPECT_TRUE(attempt("bob", "", false).admitted());
}

}  // namespace
}  // namespace souk::domain
