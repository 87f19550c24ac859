#include "server/domain/login_throttle.hpp"

#include <algorithm>

namespace souk::domain {

namespace {
// What a caller waits when a limit is reached only by attempts still being checked.
constexpr int64_t kBusyWaitMs = 1000;
constexpr int64_t kFirstDelayMs = 1000;
// Doubling past this many failures has long passed any sensible max_delay_ms.
constexpr size_t kDoublings = 20;

std::string pair_key(const std::string& member_id, const std::string& address) {
  // Member IDs never contain a line break, so the pair cannot be forged from either half.
  return member_id + '\n' + address;
}
}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, LoginThrottleSettings settings)
    : clock_(clock),
      settings_(settings),
      by_pair_(settings.window_ms, static_cast<size_t>(settings.max_failures),
               settings.max_entries),
      by_address_(settings.window_ms, static_cast<size_t>(settings.address_max_failures),
                  settings.max_entries),
      by_member_(settings.window_ms, static_cast<size_t>(settings.max_failures) + kDoublings,
                 settings.max_entries) {}

int64_t LoginThrottle::delay_locked(const std::string& member_id, int64_t now) {
  const size_t failures = by_member_.count(member_id, now);
  const auto max = static_cast<size_t>(settings_.max_failures);
  if (failures < max) return 0;
  const size_t doublings = std::min(failures - max, kDoublings);
  return std::min<int64_t>(kFirstDelayMs << doublings, settings_.max_delay_ms);
}

LoginVerdict LoginThrottle::begin_attempt(const std::string& member_id,
                                          const std::string& address) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_.now_ms();
  const auto limit_for = [](WindowCounter& counter, const std::string& key, size_t limit,
                            int64_t at) -> std::optional<int64_t> {
    if (auto wait = counter.wait_below(key, limit, at)) return wait;
    if (counter.count(key, at) + counter.in_progress(key) >= limit) return kBusyWaitMs;
    return std::nullopt;
  };
  if (!address.empty()) {
    const auto limit = static_cast<size_t>(settings_.address_max_failures);
    if (auto wait = limit_for(by_address_, address, limit, now)) {
      return {LoginVerdict::Refusal::kAddress, *wait, 0};
    }
  }
  const std::string pair = pair_key(member_id, address);
  if (auto wait = limit_for(by_pair_, pair, static_cast<size_t>(settings_.max_failures), now)) {
    return {LoginVerdict::Refusal::kMemberFromAddress, *wait, 0};
  }
  if (!address.empty()) by_address_.begin(address, now);
  by_pair_.begin(pair, now);
  return {LoginVerdict::Refusal::kNone, 0, delay_locked(member_id, now)};
}

void LoginThrottle::end_attempt(const std::string& member_id, const std::string& address,
                                bool succeeded) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_.now_ms();
  const std::string pair = pair_key(member_id, address);
  by_pair_.end(pair);
  if (!address.empty()) by_address_.end(address);
  if (succeeded) {
    // Only this address's count for the account: failures elsewhere, and this address's
    // guesses at other accounts, are not forgiven by a login that worked.
    by_pair_.forget(pair);
    return;
  }
  by_pair_.add(pair, now);
  if (!address.empty()) by_address_.add(address, now);
  by_member_.add(member_id, now);
}

void LoginThrottle::cancel_attempt(const std::string& member_id, const std::string& address) {
  std::lock_guard lock(mu_);
  by_pair_.end(pair_key(member_id, address));
  if (!address.empty()) by_address_.end(address);
}

size_t LoginThrottle::tracked() {
  std::lock_guard lock(mu_);
  return by_pair_.keys() + by_address_.keys() + by_member_.keys();
}

}  // namespace souk::domain
