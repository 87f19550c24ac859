#include "server/domain/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace souk::domain {
namespace {

TEST(RateLimiter, ABurstPassesThenTheCallerWaitsForTheNextToken) {
  ManualClock clock;
  RateLimiter limiter(clock, {2, 3});  // two a second, three at once
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.take(7)) << "call " << i + 1 << " of the burst";
  const auto wait = limiter.take(7);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 500) << "one token comes back every 500 ms";

  clock.advance_ms(499);
  const auto still = limiter.take(7);
  ASSERT_TRUE(still) << "a refused call took nothing, and the token is not back yet";
  EXPECT_EQ(*still, 1);
  clock.advance_ms(1);
  EXPECT_FALSE(limiter.take(7)) << "the caller who waited as told gets through";
  EXPECT_TRUE(limiter.take(7));
}

TEST(RateLimiter, MembersHaveTheirOwnBuckets) {
  ManualClock clock;
  RateLimiter limiter(clock, {1, 1});
  EXPECT_FALSE(limiter.take(1));
  EXPECT_TRUE(limiter.take(1));
  EXPECT_FALSE(limiter.take(2)) << "one member's flood does not hold back another";
}

TEST(RateLimiter, AQuietSpellRefillsNoMoreThanTheBurst) {
  ManualClock clock;
  RateLimiter limiter(clock, {10, 5});
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.take(1));
  clock.advance_ms(3'600'000);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.take(1)) << "call " << i + 1;
  EXPECT_TRUE(limiter.take(1)) << "an hour of quiet is worth one burst, not 36,000 calls";
}

TEST(RateLimiter, AClockThatStepsBackGivesNothing) {
  ManualClock clock;
  RateLimiter limiter(clock, {1, 1});
  EXPECT_FALSE(limiter.take(1));
  clock.advance_ms(-10'000);
  EXPECT_TRUE(limiter.take(1));
}

TEST(RateLimiter, IdleBucketsAreDroppedSoMemoryFollowsRecentCallers) {
  ManualClock clock;
  RateLimiter limiter(clock, {100, 200}, /*sweep_above=*/1000);  // refills in 2 s
  for (int64_t member = 0; member < 500; ++member) EXPECT_FALSE(limiter.take(member));
  EXPECT_EQ(limiter.buckets(), 500u);
  clock.advance_ms(2000);
  EXPECT_FALSE(limiter.take(1'000'000)) << "the sweep runs once a refill time has passed";
  EXPECT_EQ(limiter.buckets(), 1u) << "full buckets are the same as none and are dropped";
}

TEST(RateLimiter, ACrowdOfCallersSweepsEarlyWithoutLosingActiveBuckets) {
  ManualClock clock;
  RateLimiter limiter(clock, {1, 2}, /*sweep_above=*/100);
  // Member 0 has spent its burst: its bucket must survive every sweep while not full.
  EXPECT_FALSE(limiter.take(0));
  EXPECT_FALSE(limiter.take(0));
  for (int64_t member = 1; member < 1000; ++member) EXPECT_FALSE(limiter.take(member));
  // None was full yet, so the map grows, but each sweep waits for it to double.
  EXPECT_EQ(limiter.buckets(), 1000u);
  EXPECT_TRUE(limiter.take(0)) << "member 0 is still empty";
  clock.advance_ms(1000);
  // Half refilled: nothing is dropped, member 0 has one token again.
  EXPECT_FALSE(limiter.take(0));
  clock.advance_ms(2000);
  EXPECT_FALSE(limiter.take(5000));
  EXPECT_LE(limiter.buckets(), 2u) << "all full again, all dropped but the caller's";
}

}  // namespace
}  // namespace souk::domain
