#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace souk::domain {

// Events per key inside a sliding window, for a bounded number of keys: past `max_keys`
// the key touched longest ago is forgotten, so a stream of new keys (random member IDs,
// many addresses) costs a fixed amount of memory. Each key keeps at most `keep` of its
// newest events, which is all a limit of `keep` needs to know. Not thread-safe: the owner
// holds its own lock.
class WindowCounter {
 public:
  WindowCounter(int64_t window_ms, size_t keep, size_t max_keys);

  // Events of `key` still inside the window at `now` (at most `keep`).
  size_t count(const std::string& key, int64_t now);
  // With `limit` events in the window, how long until one of them leaves it; nullopt
  // while fewer than `limit` are inside.
  std::optional<int64_t> wait_below(const std::string& key, size_t limit, int64_t now);
  void add(const std::string& key, int64_t now);
  void forget(const std::string& key);

  // Attempts under way for a key: they count toward a limit before they have an outcome.
  size_t in_progress(const std::string& key) const;
  void begin(const std::string& key, int64_t now);
  void end(const std::string& key);

  size_t keys() const { return entries_.size(); }

 private:
  struct Entry {
    std::vector<int64_t> events;  // oldest first
    size_t in_progress = 0;
    std::list<std::string>::iterator age;
  };
  Entry& touch(const std::string& key);
  void forget_old(Entry& entry, int64_t now) const;
  void drop_if_idle(const std::string& key);

  const int64_t window_ms_;
  const size_t keep_;
  const size_t max_keys_;
  std::list<std::string> recent_;  // most recently touched first
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace souk::domain
