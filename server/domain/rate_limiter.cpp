#include "server/domain/rate_limiter.hpp"

#include <algorithm>

namespace souk::domain {

namespace {
constexpr int64_t kMilli = 1000;
}  // namespace

RateLimiter::RateLimiter(const Clock& clock, RateLimit limit, size_t sweep_above)
    : clock_(clock),
      limit_{std::max<int64_t>(limit.per_second, 1), std::max<int64_t>(limit.burst, 1)},
      sweep_above_(std::max<size_t>(sweep_above, 1)),
      refill_ms_((limit_.burst * kMilli + limit_.per_second - 1) / limit_.per_second),
      last_sweep_ms_(clock.now_ms()),
      next_sweep_size_(sweep_above_) {}

void RateLimiter::refill(Bucket& bucket, int64_t now) const {
  // A wall clock that steps back gives nothing and takes nothing. Past refill_ms_ the
  // bucket is full anyway, which also keeps the product below from overflowing.
  const int64_t elapsed = std::clamp<int64_t>(now - bucket.updated_ms, 0, refill_ms_);
  bucket.millitokens =
      std::min(limit_.burst * kMilli, bucket.millitokens + elapsed * limit_.per_second);
  bucket.updated_ms = now;
}

std::optional<int64_t> RateLimiter::take(int64_t key) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_.now_ms();
  if (buckets_.size() >= next_sweep_size_ || now - last_sweep_ms_ >= refill_ms_) {
    sweep_locked(now);
  }
  auto [it, fresh] = buckets_.try_emplace(key);
  Bucket& bucket = it->second;
  if (fresh) {
    bucket.millitokens = limit_.burst * kMilli;
    bucket.updated_ms = now;
  } else {
    refill(bucket, now);
  }
  if (bucket.millitokens >= kMilli) {
    bucket.millitokens -= kMilli;
    return std::nullopt;
  }
  const int64_t missing = kMilli - bucket.millitokens;
  return std::max<int64_t>((missing + limit_.per_second - 1) / limit_.per_second, 1);
}

void RateLimiter::sweep_locked(int64_t now) {
  last_sweep_ms_ = now;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(it->second, now);
    const bool full = it->second.millitokens >= limit_.burst * kMilli;
    it = full ? buckets_.erase(it) : std::next(it);
  }
  next_sweep_size_ = std::max(sweep_above_, 2 * buckets_.size());
}

size_t RateLimiter::buckets() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace souk::domain
