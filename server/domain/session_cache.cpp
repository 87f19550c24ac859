#include "server/domain/session_cache.hpp"

namespace souk::domain {

uint64_t SessionCache::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

std::optional<SessionCache::Entry> SessionCache::get(const std::string& token_hash,
                                                     int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = slots_.find(token_hash);
  if (it == slots_.end()) return std::nullopt;
  // A clock stepped back counts as stale too.
  if (now_ms - it->second.cached_at_ms >= ttl_ms_ || now_ms < it->second.cached_at_ms) {
    slots_.erase(it);
    return std::nullopt;
  }
  return it->second.entry;
}

void SessionCache::put(Entry entry, int64_t now_ms, uint64_t read_at_generation) {
  if (max_entries_ == 0) return;
  std::lock_guard lock(mu_);
  if (read_at_generation != generation_) return;  // a session ended while it was read
  if (slots_.size() >= max_entries_ && !slots_.count(entry.token_hash)) make_room(now_ms);
  auto hash = entry.token_hash;
  slots_[std::move(hash)] = Slot{std::move(entry), now_ms};
}

void SessionCache::make_room(int64_t now_ms) {
  std::erase_if(slots_, [&](const auto& kv) { return now_ms - kv.second.cached_at_ms >= ttl_ms_; });
  // Still full of fresh entries: any one may go, it is read again on its next call.
  if (slots_.size() >= max_entries_) slots_.erase(slots_.begin());
}

void SessionCache::drop(const std::vector<std::string>& token_hashes) {
  std::lock_guard lock(mu_);
  ++generation_;
  for (const auto& hash : token_hashes) slots_.erase(hash);
}

bool SessionCache::claim_last_seen(const std::string& token_hash, int64_t now_ms, int64_t step_ms) {
  std::lock_guard lock(mu_);
  auto it = slots_.find(token_hash);
  if (it == slots_.end()) return true;  // not cached: nobody else to agree with
  if (now_ms - it->second.entry.last_seen_ms < step_ms) return false;
  it->second.entry.last_seen_ms = now_ms;
  return true;
}

size_t SessionCache::size() const {
  std::lock_guard lock(mu_);
  return slots_.size();
}

}  // namespace souk::domain
