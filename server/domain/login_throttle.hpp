#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "common/clock.hpp"
#include "server/domain/window_counter.hpp"

namespace souk::domain {

struct LoginThrottleSettings {
  // Failures for one member ID from one address before that address is refused for it.
  int max_failures = 5;
  int64_t window_ms = 15LL * 60 * 1000;
  // Failures from one address, whatever member IDs it tried, before it is refused.
  int address_max_failures = 50;
  // Past max_failures for a member ID from all addresses together, each attempt on it
  // waits before its password is checked: a second, doubling with every further failure,
  // up to this.
  int64_t max_delay_ms = 16'000;
  // Member IDs, addresses and pairs of them tracked, each; the least recently seen go first.
  size_t max_entries = 50'000;
};

// What to do with one login attempt.
struct LoginVerdict {
  enum class Refusal { kNone, kMemberFromAddress, kAddress };
  Refusal refusal = Refusal::kNone;
  int64_t wait_ms = 0;   // refused: how long before trying again
  int64_t delay_ms = 0;  // admitted: how long to hold it before checking the password
  bool admitted() const { return refusal == Refusal::kNone; }
};

// Counts failed logins, in memory (a restart of soukd forgives, which an attacker cannot
// trigger), three ways:
// - per member ID and address: a stranger guessing one account is refused after
//   max_failures, while the owner elsewhere is not;
// - per address: guessing many member IDs from one place is refused too;
// - per member ID from everywhere: never a refusal, only a growing delay, so many
//   addresses together still guess slowly but cannot lock the owner out.
// Member IDs are counted known or not, so that the answer reveals nothing. Attempts still
// being checked count against the refusals too, so a burst of concurrent guesses cannot
// all get in before the first failure is recorded. Callers validate the member ID first:
// only well-formed ones become keys.
class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, LoginThrottleSettings settings);

  // An empty address (a call made with a session token) skips the per-address counts.
  // An admitted attempt must be ended or cancelled.
  LoginVerdict begin_attempt(const std::string& member_id, const std::string& address);
  void end_attempt(const std::string& member_id, const std::string& address, bool succeeded);
  // The password was never checked (soukd too busy, shutting down): counts neither way.
  void cancel_attempt(const std::string& member_id, const std::string& address);

  // Keys tracked across the three counts, for tests of the bound.
  size_t tracked();

 private:
  int64_t delay_locked(const std::string& member_id, int64_t now);

  const Clock& clock_;
  const LoginThrottleSettings settings_;
  std::mutex mu_;
  WindowCounter by_pair_;
  WindowCounter by_address_;
  WindowCounter by_member_;
};

}  // namespace souk::domain
