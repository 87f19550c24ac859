#include "server/domain/login_throttle.hpp"

namespace souk::domain {

namespace {
// Past this many tracked IDs, a failed login sweeps out the ones whose window has passed,
// so guessing random IDs cannot grow memory without bound.
constexpr size_t kSweepThreshold = 10'000;
// What a caller waits when the limit is reached only by attempts still being checked.
constexpr int64_t kBusyWaitMs = 1000;
}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, int max_failures, int64_t window_ms)
    : clock_(clock), max_failures_(static_cast<size_t>(max_failures)), window_ms_(window_ms) {}

void LoginThrottle::forget_old(Entry& entry, int64_t now) {
  auto& f = entry.failures;
  while (!f.empty() && f.front() + window_ms_ <= now) f.pop_front();
}

std::optional<int64_t> LoginThrottle::wait_locked(Entry& entry, int64_t now) {
  forget_old(entry, now);
  const auto& f = entry.failures;
  if (f.size() >= max_failures_) {
    // Allowed again once enough of the oldest failures have left the window.
    return f[f.size() - max_failures_] + window_ms_ - now;
  }
  if (f.size() + entry.in_progress >= max_failures_) return kBusyWaitMs;
  return std::nullopt;
}

std::optional<int64_t> LoginThrottle::begin_attempt(const std::string& member_id) {
  std::lock_guard lock(mu_);
  auto& entry = entries_[member_id];
  if (auto wait = wait_locked(entry, clock_.now_ms())) return wait;
  ++entry.in_progress;
  return std::nullopt;
}

void LoginThrottle::end_attempt(const std::string& member_id, bool succeeded) {
  std::lock_guard lock(mu_);
  auto& entry = entries_[member_id];
  if (entry.in_progress > 0) --entry.in_progress;
  if (succeeded) {
    entry.failures.clear();
    if (entry.in_progress == 0) entries_.erase(member_id);
    return;
  }
  fail_locked(member_id, clock_.now_ms());
}

std::optional<int64_t> LoginThrottle::wait_ms(const std::string& member_id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(member_id);
  if (it == entries_.end()) return std::nullopt;
  return wait_locked(it->second, clock_.now_ms());
}

void LoginThrottle::record_failure(const std::string& member_id) {
  std::lock_guard lock(mu_);
  fail_locked(member_id, clock_.now_ms());
}

void LoginThrottle::fail_locked(const std::string& member_id, int64_t now) {
  if (entries_.size() > kSweepThreshold) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      forget_old(it->second, now);
      const bool idle = it->second.failures.empty() && it->second.in_progress == 0;
      it = idle ? entries_.erase(it) : std::next(it);
    }
  }
  auto& entry = entries_[member_id];
  forget_old(entry, now);
  entry.failures.push_back(now);
}

void LoginThrottle::record_success(const std::string& member_id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(member_id);
  if (it == entries_.end()) return;
  it->second.failures.clear();
  if (it->second.in_progress == 0) entries_.erase(it);
}

}  // namespace souk::domain
