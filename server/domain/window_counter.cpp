#include "server/domain/window_counter.hpp"

#include <algorithm>

namespace souk::domain {

WindowCounter::WindowCounter(int64_t window_ms, size_t keep, size_t max_keys)
    : window_ms_(window_ms),
      keep_(std::max<size_t>(keep, 1)),
      max_keys_(std::max<size_t>(max_keys, 1)) {}

WindowCounter::Entry& WindowCounter::touch(const std::string& key) {
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second.age);
    return it->second;
  }
  while (entries_.size() >= max_keys_) {
    entries_.erase(recent_.back());
    recent_.pop_back();
  }
  recent_.push_front(key);
  auto& entry = entries_[key];
  entry.age = recent_.begin();
  return entry;
}

void WindowCounter::forget_old(Entry& entry, int64_t now) const {
  auto& e = entry.events;
  const auto first_kept =
      std::find_if(e.begin(), e.end(), [&](int64_t at) { return at + window_ms_ > now; });
  e.erase(e.begin(), first_kept);
}

size_t WindowCounter::count(const std::string& key, int64_t now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  forget_old(it->second, now);
  return it->second.events.size();
}

std::optional<int64_t> WindowCounter::wait_below(const std::string& key, size_t limit,
                                                 int64_t now) {
  auto it = entries_.find(key);
  if (it == entries_.end() || limit == 0) return std::nullopt;
  auto& e = it->second.events;
  forget_old(it->second, now);
  if (e.size() < limit) return std::nullopt;
  // Allowed again once enough of the oldest have left the window.
  return e[e.size() - limit] + window_ms_ - now;
}

void WindowCounter::add(const std::string& key, int64_t now) {
  auto& entry = touch(key);
  forget_old(entry, now);
  if (entry.events.size() >= keep_) entry.events.erase(entry.events.begin());
  entry.events.push_back(now);
}

void WindowCounter::forget(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  it->second.events.clear();
  drop_if_idle(key);
}

size_t WindowCounter::in_progress(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.in_progress;
}

void WindowCounter::begin(const std::string& key, int64_t now) {
  auto& entry = touch(key);
  forget_old(entry, now);
  ++entry.in_progress;
}

void WindowCounter::end(const std::string& key) {
  // The key may have been forgotten meanwhile, to make room for newer ones.
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  if (it->second.in_progress > 0) --it->second.in_progress;
  drop_if_idle(key);
}

void WindowCounter::drop_if_idle(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end() || !it->second.events.empty() || it->second.in_progress > 0) return;
  recent_.erase(it->second.age);
  entries_.erase(it);
}

}  // namespace souk::domain
