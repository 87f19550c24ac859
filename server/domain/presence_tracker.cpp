#include "server/domain/presence_tracker.hpp"

namespace souk::domain {

bool PresenceTracker::load(int64_t user, PresenceState chosen, std::string text,
                           int64_t last_seen_ms) {
  if (!has_room_for(user)) return false;
  auto& u = users_[user];
  u.chosen = chosen;
  u.text = std::move(text);
  u.last_seen = last_seen_ms;
  return true;
}

bool PresenceTracker::stream_opened(int64_t user, int64_t now) {
  if (!has_room_for(user)) return false;
  const auto before = view(user);
  auto& u = users_[user];
  ++u.streams;
  u.offline_at = 0;
  u.online = true;
  u.idle = false;
  u.last_activity = now;
  return view(user) != before;
}

bool PresenceTracker::stream_closed(int64_t user, int64_t now) {
  auto it = users_.find(user);
  if (it == users_.end() || it->second.streams == 0) return false;
  if (--it->second.streams == 0) it->second.offline_at = now + settings_.grace_ms;
  return false;  // nothing shows until the grace period ends
}

bool PresenceTracker::choose(int64_t user, PresenceState state, std::string text, int64_t now) {
  if (!has_room_for(user)) return false;
  const auto before = view(user);
  auto& u = users_[user];
  u.chosen = state;
  u.text = std::move(text);
  u.idle = false;
  u.last_activity = now;
  return view(user) != before;
}

bool PresenceTracker::activity(int64_t user, int64_t now) {
  auto it = users_.find(user);
  if (it == users_.end()) return false;
  const auto before = view(user);
  it->second.last_activity = now;
  it->second.idle = false;
  return view(user) != before;
}

std::vector<int64_t> PresenceTracker::tick(int64_t now) {
  std::vector<int64_t> changed;
  for (auto& [id, u] : users_) {
    const auto before = view(id);
    if (u.online && u.streams == 0 && u.offline_at != 0 && now >= u.offline_at) {
      u.online = false;
      u.offline_at = 0;
      u.last_seen = now;
    }
    if (u.online && !u.idle && now - u.last_activity >= settings_.idle_ms) u.idle = true;
    if (view(id) != before) changed.push_back(id);
  }
  return changed;
}

std::vector<int64_t> PresenceTracker::forget_offline() {
  std::vector<int64_t> forgotten;
  for (auto it = users_.begin(); it != users_.end();) {
    const User& u = it->second;
    if (!u.online && u.streams == 0 && u.offline_at == 0) {
      forgotten.push_back(it->first);
      it = users_.erase(it);
    } else {
      ++it;
    }
  }
  return forgotten;
}

PresenceView PresenceTracker::view(int64_t user) const {
  auto it = users_.find(user);
  if (it == users_.end()) return {};
  const User& u = it->second;
  if (u.chosen == PresenceState::kInvisible) return {};  // nothing, not even last seen
  if (!u.online) return {PresenceState::kOffline, "", u.last_seen};
  if (u.chosen == PresenceState::kOnline && u.idle) return {PresenceState::kAway, u.text, 0};
  return {u.chosen, u.text, 0};
}

bool PresenceTracker::online(int64_t user) const {
  auto it = users_.find(user);
  return it != users_.end() && it->second.online;
}

PresenceState PresenceTracker::chosen(int64_t user) const {
  auto it = users_.find(user);
  return it == users_.end() ? PresenceState::kOnline : it->second.chosen;
}

}  // namespace souk::domain
