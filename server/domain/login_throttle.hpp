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
class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, int max_failures, int64_t window_ms);

  // How long the caller must wait before trying again, if at all.
  std::optional<int64_t> wait_ms(const std::string& member_id);
  void record_failure(const std::string& member_id);
  void record_success(const std::string& member_id);

 private:
  void forget_old(std::deque<int64_t>& failures, int64_t now);

  const Clock& clock_;
  const size_t max_failures_;
  const int64_t window_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;
};

}  // namespace souk::domain
