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
//
// At most `max_tracked` users are followed at once. A user who is offline (grace period
// over) is forgotten by forget_offline(): storage has what they chose and when they were
// last seen, which is all there is to show of them. Past the limit a new user is not
// followed at all: they show as storage has them, and their calls change nothing here.
class PresenceTracker {
 public:
  struct Settings {
    int64_t grace_ms = 10'000;
    int64_t idle_ms = 5 * 60'000;
    size_t max_tracked = 100'000;
  };
  explicit PresenceTracker(Settings settings) : settings_(settings) {}

  bool known(int64_t user) const { return users_.count(user) > 0; }
  // Followed already, or there is room to follow them.
  bool has_room_for(int64_t user) const {
    return known(user) || users_.size() < settings_.max_tracked;
  }
  size_t tracked() const { return users_.size(); }
  // What the user chose last time (from storage), before their first stream opens.
  // False, and nothing kept, without room.
  bool load(int64_t user, PresenceState chosen, std::string text, int64_t last_seen_ms);

  // Each returns true when what others see changed; nothing changes for a user there is
  // no room for.
  bool stream_opened(int64_t user, int64_t now);
  bool stream_closed(int64_t user, int64_t now);
  bool choose(int64_t user, PresenceState state, std::string text, int64_t now);
  bool activity(int64_t user, int64_t now);
  // Applies grace expiries and idleness up to `now`; returns whose view changed.
  std::vector<int64_t> tick(int64_t now);
  // Drops users who are offline with no stream and no grace period running; returns them.
  // Call it after the changes tick() returned were told, which still need their views.
  std::vector<int64_t> forget_offline();

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
