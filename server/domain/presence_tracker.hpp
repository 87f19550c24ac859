#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace souk::domain {

// souk.v1.PresenceState numbers.
enum class PresenceState : int { kOnline = 1, kBusy = 2, kAway = 3, kInvisible = 4, kOffline = 5 };

// What other members see of one user.
struct PresenceView {
  PresenceState state = PresenceState::kOffline;
  std::string status_text;
  int64_t last_seen_ms = 0;
  bool operator==(const PresenceView&) const = default;
};

// Presence as a pure state machine over explicit times, so that every transition can be
// tested with a fake clock. Not thread-safe: its owner serialises calls.
//
// A user is online while they have a live stream; when the last one closes they stay
// online for `grace_ms`, so a quick reconnect shows no offline blip. Online turns into
// away after `idle_ms` without reported activity. Invisible looks offline to others.
class PresenceTracker {
 public:
  struct Settings {
    int64_t grace_ms = 10'000;
    int64_t idle_ms = 5 * 60'000;
  };
  explicit PresenceTracker(Settings settings) : settings_(settings) {}

  bool known(int64_t user) const { return users_.count(user) > 0; }
  // What the user chose last time (from storage), before their first stream opens.
  void load(int64_t user, PresenceState chosen, std::string text, int64_t last_seen_ms);

  // Each returns true when what others see changed.
  bool stream_opened(int64_t user, int64_t now);
  bool stream_closed(int64_t user, int64_t now);
  bool choose(int64_t user, PresenceState state, std::string text, int64_t now);
  bool activity(int64_t user, int64_t now);
  // Applies grace expiries and idleness up to `now`; returns whose view changed.
  std::vector<int64_t> tick(int64_t now);

  PresenceView view(int64_t user) const;
  bool online(int64_t user) const;  // has a stream, or is inside the grace period
  PresenceState chosen(int64_t user) const;

 private:
  struct User {
    int streams = 0;
    bool online = false;
    bool idle = false;
    PresenceState chosen = PresenceState::kOnline;
    std::string text;
    int64_t last_activity = 0;
    int64_t offline_at = 0;  // grace deadline, 0 when none
    int64_t last_seen = 0;
  };

  Settings settings_;
  std::unordered_map<int64_t, User> users_;
};

}  // namespace souk::domain
