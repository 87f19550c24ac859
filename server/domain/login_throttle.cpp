#include "server/domain/login_throttle.hpp"

namespace souk::domain {

namespace {
// Past this many tracked IDs, a failed login sweeps out the ones whose window has passed,
// so guessing random IDs cannot grow memory without bound.
constexpr size_t kSweepThreshold = 10'000;
}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, int max_failures, int64_t window_ms)
    : clock_(clock), max_failures_(static_cast<size_t>(max_failures)), window_ms_(window_ms) {}

void LoginThrottle::forget_old(std::deque<int64_t>& failures, int64_t now) {
  while (!failures.empty() && failures.front() + window_ms_ <= now) failures.pop_front();
}

std::optional<int64_t> LoginThrottle::wait_ms(const std::string& member_id) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(member_id);
  if (it == failures_.end()) return std::nullopt;
  const int64_t now = clock_.now_ms();
  forget_old(it->second, now);
  if (it->second.size() < max_failures_) return std::nullopt;
  // Allowed again once enough of the oldest failures have left the window.
  const int64_t unblocks_at = it->second[it->second.size() - max_failures_] + window_ms_;
  return unblocks_at - now;
}

void LoginThrottle::record_failure(const std::string& member_id) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_.now_ms();
  if (failures_.size() > kSweepThreshold) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      forget_old(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
  }
  auto& list = failures_[member_id];
  forget_old(list, now);
  list.push_back(now);
}

void LoginThrottle::record_success(const std::string& member_id) {
  std::lock_guard lock(mu_);
  failures_.erase(member_id);
}

}  // namespace souk::domain
