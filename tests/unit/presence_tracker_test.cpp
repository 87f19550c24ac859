// Every presence transition, on explicit times (the tracker has no clock of its own).
#include <gtest/gtest.h>

#include "server/domain/presence_tracker.hpp"

namespace souk::domain {
namespace {

constexpr int64_t kGrace = 10'000;
constexpr int64_t kIdle = 300'000;
constexpr int64_t kUser = 7;

class PresenceTrackerTest : public ::testing::Test {
 protected:
  PresenceTracker tracker{{kGrace, kIdle}};
  int64_t now = 1'000'000;

  PresenceState state() const { return tracker.view(kUser).state; }
  std::vector<int64_t> advance(int64_t ms) {
    now += ms;
    return tracker.tick(now);
  }
};

TEST_F(PresenceTrackerTest, UnknownUserIsOfflineWithNothingToShow) {
  EXPECT_EQ(state(), PresenceState::kOffline);
  EXPECT_EQ(tracker.view(kUser).last_seen_ms, 0);
  EXPECT_FALSE(tracker.online(kUser));
}

TEST_F(PresenceTrackerTest, FirstStreamMakesOnlineAndSaysSo) {
  EXPECT_TRUE(tracker.stream_opened(kUser, now));
  EXPECT_EQ(state(), PresenceState::kOnline);
  EXPECT_FALSE(tracker.stream_opened(kUser, now)) << "a second device changes nothing";
}

TEST_F(PresenceTrackerTest, OfflineOnlyAfterTheGracePeriodOfTheLastStream) {
  tracker.stream_opened(kUser, now);
  tracker.stream_opened(kUser, now);
  EXPECT_FALSE(tracker.stream_closed(kUser, now));
  EXPECT_TRUE(advance(kGrace * 2).empty()) << "one device is still connected";
  EXPECT_FALSE(tracker.stream_closed(kUser, now));
  EXPECT_TRUE(advance(kGrace - 1).empty()) << "inside the grace period";
  EXPECT_EQ(state(), PresenceState::kOnline);
  EXPECT_EQ(advance(1), std::vector<int64_t>{kUser});
  EXPECT_EQ(state(), PresenceState::kOffline);
  EXPECT_EQ(tracker.view(kUser).last_seen_ms, now);
}

TEST_F(PresenceTrackerTest, ReconnectInsideGraceShowsNoBlip) {
  tracker.stream_opened(kUser, now);
  tracker.stream_closed(kUser, now);
  advance(kGrace / 2);
  EXPECT_FALSE(tracker.stream_opened(kUser, now)) << "others saw nothing change";
  EXPECT_TRUE(advance(kGrace * 3).empty());
  EXPECT_EQ(state(), PresenceState::kOnline);
}

TEST_F(PresenceTrackerTest, IdleTurnsOnlineIntoAwayAndActivityBack) {
  tracker.stream_opened(kUser, now);
  EXPECT_TRUE(advance(kIdle - 1).empty());
  EXPECT_EQ(advance(1), std::vector<int64_t>{kUser});
  EXPECT_EQ(state(), PresenceState::kAway);
  EXPECT_TRUE(tracker.activity(kUser, now));
  EXPECT_EQ(state(), PresenceState::kOnline);
  advance(kIdle / 2);
  EXPECT_FALSE(tracker.activity(kUser, now)) << "activity while online changes nothing";
  EXPECT_TRUE(advance(kIdle / 2 + 1).empty()) << "activity restarted the idle clock";
}

TEST_F(PresenceTrackerTest, BusyStaysBusyWhenIdle) {
  tracker.stream_opened(kUser, now);
  EXPECT_TRUE(tracker.choose(kUser, PresenceState::kBusy, "in a meeting", now));
  EXPECT_TRUE(advance(kIdle * 2).empty());
  EXPECT_EQ(state(), PresenceState::kBusy);
  EXPECT_EQ(tracker.view(kUser).status_text, "in a meeting");
}

TEST_F(PresenceTrackerTest, ChosenAwayAndBackToOnline) {
  tracker.stream_opened(kUser, now);
  EXPECT_TRUE(tracker.choose(kUser, PresenceState::kAway, "", now));
  EXPECT_EQ(state(), PresenceState::kAway);
  EXPECT_TRUE(tracker.choose(kUser, PresenceState::kOnline, "", now));
  EXPECT_EQ(state(), PresenceState::kOnline);
}

TEST_F(PresenceTrackerTest, StatusTextChangeAloneIsAChange) {
  tracker.stream_opened(kUser, now);
  EXPECT_TRUE(tracker.choose(kUser, PresenceState::kOnline, "back at 3", now));
  EXPECT_FALSE(tracker.choose(kUser, PresenceState::kOnline, "back at 3", now));
}

TEST_F(PresenceTrackerTest, InvisibleLooksOfflineWithoutLastSeen) {
  tracker.stream_opened(kUser, now);
  EXPECT_TRUE(tracker.choose(kUser, PresenceState::kInvisible, "hidden text", now));
  EXPECT_EQ(state(), PresenceState::kOffline);
  EXPECT_EQ(tracker.view(kUser).status_text, "");
  EXPECT_EQ(tracker.view(kUser).last_seen_ms, 0);
  EXPECT_TRUE(tracker.online(kUser)) << "still connected; only hidden";
  tracker.stream_closed(kUser, now);
  EXPECT_TRUE(advance(kGrace).empty()) << "going offline while invisible shows nothing new";
  EXPECT_EQ(tracker.view(kUser).last_seen_ms, 0);
}

TEST_F(PresenceTrackerTest, StoredChoiceAppliesFromTheFirstStream) {
  tracker.load(kUser, PresenceState::kBusy, "on holiday", 12345);
  EXPECT_EQ(state(), PresenceState::kOffline);
  EXPECT_EQ(tracker.view(kUser).last_seen_ms, 12345);
  tracker.stream_opened(kUser, now);
  EXPECT_EQ(state(), PresenceState::kBusy);
  EXPECT_EQ(tracker.view(kUser).status_text, "on holiday");
}

TEST_F(PresenceTrackerTest, UsersAreIndependent) {
  tracker.stream_opened(kUser, now);
  tracker.stream_opened(kUser + 1, now);
  tracker.stream_closed(kUser + 1, now);
  EXPECT_EQ(advance(kGrace), std::vector<int64_t>{kUser + 1});
  EXPECT_EQ(state(), PresenceState::kOnline);
}

TEST_F(PresenceTrackerTest, ForgetsOnlyWhoIsOfflineAndPastTheGrace) {
  tracker.load(kUser, PresenceState::kBusy, "", 5);  // loaded, never connected
  tracker.stream_opened(kUser + 1, now);             // online
  tracker.stream_opened(kUser + 2, now);
  tracker.stream_closed(kUser + 2, now);  // in its grace period
  EXPECT_EQ(tracker.forget_offline(), std::vector<int64_t>{kUser});
  EXPECT_FALSE(tracker.known(kUser));
  EXPECT_EQ(advance(kGrace), std::vector<int64_t>{kUser + 2});
  // The view that went out still said when they were last seen; then they are let go.
  EXPECT_EQ(tracker.view(kUser + 2).last_seen_ms, now);
  EXPECT_EQ(tracker.forget_offline(), std::vector<int64_t>{kUser + 2});
  EXPECT_EQ(tracker.tracked(), 1u);
  EXPECT_TRUE(tracker.online(kUser + 1));
}

TEST(PresenceTrackerLimitTest, PastTheLimitANewUserIsNotFollowedUntilThereIsRoom) {
  constexpr int64_t kGraceMs = 1000;
  PresenceTracker tracker({kGraceMs, 300'000, 2});
  int64_t now = 1'000'000;
  EXPECT_TRUE(tracker.stream_opened(1, now));
  EXPECT_TRUE(tracker.stream_opened(2, now));
  EXPECT_FALSE(tracker.has_room_for(3));
  EXPECT_TRUE(tracker.has_room_for(1)) << "those followed always have room";
  EXPECT_FALSE(tracker.stream_opened(3, now));
  EXPECT_FALSE(tracker.choose(3, PresenceState::kBusy, "", now));
  EXPECT_FALSE(tracker.load(3, PresenceState::kBusy, "", 0));
  EXPECT_FALSE(tracker.known(3));
  EXPECT_EQ(tracker.view(3).state, PresenceState::kOffline);
  EXPECT_EQ(tracker.tracked(), 2u);

  tracker.stream_closed(1, now);
  now += kGraceMs;
  EXPECT_EQ(tracker.tick(now), std::vector<int64_t>{1});
  EXPECT_EQ(tracker.forget_offline(), std::vector<int64_t>{1});
  EXPECT_TRUE(tracker.stream_opened(3, now));
  EXPECT_EQ(tracker.view(3).state, PresenceState::kOnline);
}

}  // namespace
}  // namespace souk::domain
