#include "server/domain/login_throttle.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "common/clock.hpp"

namespace souk::domain {
namespace {

constexpr int kMax = 5;
constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kWindow = 15 * kMinute;

class LoginThrottleTest : public ::testing::Test {
 protected:
  void fail(const std::string& id, int times) {
    for (int i = 0; i < times; ++i) throttle_.record_failure(id);
  }

  ManualClock clock_;
  LoginThrottle throttle_{clock_, kMax, kWindow};
};

TEST_F(LoginThrottleTest, UnknownIdNeverWaits) {
  EXPECT_EQ(throttle_.wait_ms("nobody"), std::nullopt);
}

TEST_F(LoginThrottleTest, FewerThanMaxFailuresDoNotBlock) {
  fail("alice", kMax - 1);
  EXPECT_EQ(throttle_.wait_ms("alice"), std::nullopt);
}

TEST_F(LoginThrottleTest, MaxFailuresBlockForTheWindow) {
  fail("alice", kMax);
  const auto wait = throttle_.wait_ms("alice");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, kWindow);
}

TEST_F(LoginThrottleTest, WaitShrinksAsTimePasses) {
  fail("alice", kMax);
  clock_.advance_ms(kMinute);
  EXPECT_EQ(throttle_.wait_ms("alice"), kWindow - kMinute);
  clock_.advance_ms(10 * kMinute);
  EXPECT_EQ(throttle_.wait_ms("alice"), kWindow - 11 * kMinute);
  clock_.advance_ms(4 * kMinute - 1);
  EXPECT_EQ(throttle_.wait_ms("alice"), 1);
}

TEST_F(LoginThrottleTest, WindowPassingForgivesTheFailures) {
  fail("alice", kMax);
  clock_.advance_ms(kWindow);
  EXPECT_EQ(throttle_.wait_ms("alice"), std::nullopt);
  // The old failures are gone: it takes a full new set to block again.
  fail("alice", kMax - 1);
  EXPECT_EQ(throttle_.wait_ms("alice"), std::nullopt);
  fail("alice", 1);
  EXPECT_EQ(throttle_.wait_ms("alice"), kWindow);
}

TEST_F(LoginThrottleTest, SpreadFailuresUnblockWhenTheOldestLeavesTheWindow) {
  // One failure a minute: the fifth, at minute 4, blocks until minute 15.
  for (int i = 0; i < kMax; ++i) {
    if (i > 0) clock_.advance_ms(kMinute);
    EXPECT_EQ(throttle_.wait_ms("alice"), std::nullopt) << "before failure " << i + 1;
    throttle_.record_failure("alice");
  }
  EXPECT_EQ(throttle_.wait_ms("alice"), kWindow - 4 * kMinute);
  // At minute 15 the first failure has left the window; four remain.
  clock_.advance_ms(kWindow - 4 * kMinute);
  EXPECT_EQ(throttle_.wait_ms("alice"), std::nullopt);
  // A new failure makes five inside the window again; the oldest is from minute 1.
  throttle_.record_failure("alice");
  EXPECT_EQ(throttle_.wait_ms("alice"), kMinute);
}

TEST_F(LoginThrottleTest, FailuresBeyondMaxExtendTheWait) {
  fail("alice", kMax);
  clock_.advance_ms(5 * kMinute);
  fail("alice", 1);  // six in the window: blocked until the second-oldest leaves
  EXPECT_EQ(throttle_.wait_ms("alice"), kWindow - 5 * kMinute);
  clock_.advance_ms(kWindow - 5 * kMinute);
  // The first five have left; the sixth alone does not block.
  EXPECT_EQ(throttle_.wait_ms("alice"), std::nullopt);
}

TEST_F(LoginThrottleTest, SuccessClearsTheCount) {
  fail("alice", kMax);
  ASSERT_TRUE(throttle_.wait_ms("alice").has_value());
  throttle_.record_success("alice");
  EXPECT_EQ(throttle_.wait_ms("alice"), std::nullopt);
  fail("alice", kMax - 1);
  EXPECT_EQ(throttle_.wait_ms("alice"), std::nullopt) << "old failures were not forgotten";
}

TEST_F(LoginThrottleTest, IdsAreIndependent) {
  fail("alice", kMax);
  fail("bob", kMax - 1);
  EXPECT_TRUE(throttle_.wait_ms("alice").has_value());
  EXPECT_EQ(throttle_.wait_ms("bob"), std::nullopt);
  EXPECT_EQ(throttle_.wait_ms("carol"), std::nullopt);
  throttle_.record_success("bob");
  EXPECT_TRUE(throttle_.wait_ms("alice").has_value());
  throttle_.record_success("alice");
  fail("bob", 1);
  EXPECT_EQ(throttle_.wait_ms("bob"), std::nullopt);
}

TEST_F(LoginThrottleTest, ManyTrackedIdsDoNotForgetRecentFailures) {
  // Enough distinct IDs to trigger the sweep of stale entries.
  fail("alice", kMax);
  clock_.advance_ms(kMinute);
  for (int i = 0; i < 10'050; ++i) throttle_.record_failure("guess" + std::to_string(i));
  EXPECT_EQ(throttle_.wait_ms("alice"), kWindow - kMinute);
  EXPECT_EQ(throttle_.wait_ms("guess7"), std::nullopt);
}

}  // namespace
}  // namespace souk::domain
