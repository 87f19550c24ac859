#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "common/clock.hpp"

namespace souk::domain {

// How often one member may make one kind of call: `per_second` on average, with up to
// `burst` at once after a quiet spell.
struct RateLimit {
  int64_t per_second = 1;
  int64_t burst = 1;
};

// What each member may do how often. Far above what a person does (typing notices go out
// at most every few seconds per chat, searches and contact requests one click at a time)
// and above what a bot or an import sends in one go, yet a flood from one account is held
// to a small share of what soukd commits: 200 messages a second is under 3% of the
// 7,157 a second measured with FULL sync (docs/BENCHMARKS.md).
struct CallRateSettings {
  RateLimit send{200, 1000};   // SendMessage
  RateLimit typing{20, 100};   // SetTyping
  RateLimit search{20, 100};   // SearchUsers: each is a full-text query
  RateLimit contact{20, 100};  // AddContact: each may notify another member
  RateLimit group{20, 100};    // CreateGroupChat: each writes to every member's log
};

// One token bucket per member (by account id): each call takes a token, tokens come back
// at `per_second` up to `burst`. Kept in memory; a restart of soukd forgives.
//
// Memory stays bounded by the members who called recently: a bucket that has filled up
// again is the same as no bucket, so a sweep drops those once per refill time
// (burst / per_second), and early whenever the map has doubled since the last sweep (from
// `sweep_above` buckets on), so that a crowd of callers never costs a sweep per call.
class RateLimiter {
 public:
  RateLimiter(const Clock& clock, RateLimit limit, size_t sweep_above = 100'000);

  // Takes a token for `key`, or says in how many milliseconds one will be there (at least
  // 1). A refused call takes nothing.
  std::optional<int64_t> take(int64_t key);

  const RateLimit& limit() const { return limit_; }
  // Buckets held now, for tests of the sweep.
  size_t buckets() const;

 private:
  // In thousandths of a token, so that refilling is exact: a caller who waits the time it
  // was told finds its token there.
  struct Bucket {
    int64_t millitokens = 0;
    int64_t updated_ms = 0;
  };
  void refill(Bucket& bucket, int64_t now) const;
  void sweep_locked(int64_t now);

  const Clock& clock_;
  const RateLimit limit_;
  const size_t sweep_above_;
  const int64_t refill_ms_;  // an empty bucket is full again after this long
  mutable std::mutex mu_;
  std::unordered_map<int64_t, Bucket> buckets_;
  int64_t last_sweep_ms_ = 0;
  size_t next_sweep_size_;
};

}  // namespace souk::domain
