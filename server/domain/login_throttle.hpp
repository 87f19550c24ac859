#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"

namespace souk::domain {

// Counts failed logins per member ID (known or not, so that the answer reveals nothing)
// and refuses further attempts once max_failures fall inside the window. Kept in memory:
// a restart of soukd forgives, which an attacker cannot trigger.
//
// Attempts still being checked count against the limit too, so that a burst of
// concurrent guesses cannot all get in before the first failure is recorded.
class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, int max_failures, int64_t window_ms);

  // Reserves an attempt, or says how long to wait before trying again.
  std::optional<int64_t> begin_attempt(const std::string& member_id);
  void end_attempt(const std::string& member_id, bool succeeded);

  // How long the caller must wait before trying again, if at all.
  std::optional<int64_t> wait_ms(const std::string& member_id);
  void record_failure(const std::string& member_id);
  void record_success(const std::string& member_id);

 private:
  struct Entry {
    std::deque<int64_t> failures;
    size_t in_progress = 0;
  };
  void forget_old(Entry& entry, int64_t now);
  std::optional<int64_t> wait_locked(Entry& entry, int64_t now);
  void fail_locked(const std::string& member_id, int64_t now);

  const Clock& clock_;
  const size_t max_failures_;
  const int64_t window_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace souk::domain
