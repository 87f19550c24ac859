#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/storage/sqlite.hpp"

namespace souk::storage {

// The writer's copy of each event log's last_seq. A group commit appends many events to
// the same few logs; counting them here and writing each changed log's counter once, just
// before COMMIT, saves an UPDATE ... RETURNING of event_logs for every event.
//
// Lives on the writer thread. A log is read from event_logs the first time it is touched
// (which also creates its row), then counted here. A job that is rolled back takes its
// counts back with it; a batch that fails forgets everything, since what is committed is
// again only what event_logs holds.
class EventLogCounters {
 public:
  // The seq of the next event in `account_id`'s log.
  int64_t next(Database& db, int64_t account_id);
  // The last seq handed out for the log, if this writer knows it.
  std::optional<int64_t> last(int64_t account_id) const;

  void begin_job();
  void undo_job();
  // Writes every counter changed since the last call. Inside the batch, before COMMIT.
  void write_out(Database& db);
  void forget();

  // While alive, append_event on this thread with `db` counts in `counters`.
  class Scope {
   public:
    Scope(Database& db, EventLogCounters& counters);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
  };
  // The counters in scope on this thread for `db`, if any.
  static EventLogCounters* for_database(const Database& db);

 private:
  struct Entry {
    int64_t last_seq = 0;
    bool dirty = false;
  };
  std::unordered_map<int64_t, Entry> known_;
  // Entries as they were before the running job touched them (nullopt: not known before).
  std::vector<std::pair<int64_t, std::optional<Entry>>> undo_;
  std::vector<int64_t> dirty_;
};

}  // namespace souk::storage
