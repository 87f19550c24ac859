#include "server/domain/session_streams.hpp"

#include <algorithm>
#include <chrono>

namespace souk::domain {

namespace {

constexpr int64_t kLongestTimerMs = 60'000;
const char* const kExpired = "the session has expired; log in again";

}  // namespace

SessionStreams::SessionStreams(boost::asio::thread_pool& pool, const Clock& clock)
    : clock_(clock), timer_(pool) {}

void SessionStreams::add(const std::string& token_hash, int64_t expires_at_ms, LiveStream* stream) {
  std::lock_guard lock(mu_);
  streams_[stream] = {token_hash, expires_at_ms};
  by_token_[token_hash].push_back(stream);
  by_expiry_.emplace(expires_at_ms, stream);
  arm_locked();
}

void SessionStreams::remove(LiveStream* stream) {
  std::lock_guard lock(mu_);
  erase_locked(stream);
}

void SessionStreams::erase_locked(LiveStream* stream) {
  auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  by_expiry_.erase({it->second.expires_at_ms, stream});
  if (auto t = by_token_.find(it->second.token_hash); t != by_token_.end()) {
    std::erase(t->second, stream);
    if (t->second.empty()) by_token_.erase(t);
  }
  streams_.erase(it);
}

void SessionStreams::end(const std::vector<std::string>& token_hashes, const std::string& message) {
  std::lock_guard lock(mu_);
  for (const auto& hash : token_hashes) {
    auto t = by_token_.find(hash);
    if (t == by_token_.end()) continue;
    // Forgotten first: a stream that ends is told once, and its own removal finds nothing.
    const auto streams = t->second;
    for (auto* stream : streams) erase_locked(stream);
    for (auto* stream : streams) stream->end_session(message);
  }
}

size_t SessionStreams::live(const std::string& token_hash) const {
  std::lock_guard lock(mu_);
  auto t = by_token_.find(token_hash);
  return t == by_token_.end() ? 0 : t->second.size();
}

void SessionStreams::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  timer_.cancel();
}

void SessionStreams::arm_locked() {
  if (stopped_ || by_expiry_.empty()) return;
  const int64_t earliest = by_expiry_.begin()->first;
  if (earliest >= armed_for_ms_) return;
  armed_for_ms_ = earliest;
  const int64_t wait = std::clamp<int64_t>(earliest - clock_.now_ms(), 0, kLongestTimerMs);
  // Setting the expiry cancels a wait already pending; its handler sees operation_aborted.
  timer_.expires_after(std::chrono::milliseconds(wait));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_timer();
  });
}

void SessionStreams::on_timer() {
  std::lock_guard lock(mu_);
  armed_for_ms_ = INT64_MAX;
  if (stopped_) return;
  const int64_t now = clock_.now_ms();
  std::vector<LiveStream*> expired;
  for (auto it = by_expiry_.begin(); it != by_expiry_.end() && it->first <= now; ++it) {
    expired.push_back(it->second);
  }
  for (auto* stream : expired) erase_locked(stream);
  for (auto* stream : expired) stream->end_session(kExpired);
  arm_locked();
}

}  // namespace souk::domain
