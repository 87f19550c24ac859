#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace souk::domain {

// Sessions that recently passed the token check, by token hash, so that most calls are
// authenticated without a SQLite read (and without waiting for a reader when all are
// busy). Bounded in size and age; whatever ends a session drops it here right after that
// commits. A check that read SQLite before such a drop cannot put the session back: it
// carries the generation it started at, and inserting is refused if a drop came since.
class SessionCache {
 public:
  struct Entry {
    int64_t account_id = 0;
    std::string member_id;
    std::string token_hash;
    std::string device_name;
    int64_t expires_at_ms = 0;
    std::string id;
    int64_t last_seen_ms = 0;  // as stored, or as last written through this cache
  };

  // max_entries 0 turns the cache off.
  SessionCache(size_t max_entries, int64_t ttl_ms) : max_entries_(max_entries), ttl_ms_(ttl_ms) {}

  // Taken before reading SQLite, handed back to put().
  uint64_t generation() const;
  std::optional<Entry> get(const std::string& token_hash, int64_t now_ms);
  void put(Entry entry, int64_t now_ms, uint64_t read_at_generation);
  void drop(const std::vector<std::string>& token_hashes);
  // Returns true (and records `now_ms`) if last seen is due for a write: at most one
  // caller per step gets true for a cached session.
  bool claim_last_seen(const std::string& token_hash, int64_t now_ms, int64_t step_ms);
  size_t size() const;

 private:
  struct Slot {
    Entry entry;
    int64_t cached_at_ms = 0;
  };
  void make_room(int64_t now_ms);

  const size_t max_entries_;
  const int64_t ttl_ms_;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace souk::domain
