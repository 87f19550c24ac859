#include "server/storage/event_log_counters.hpp"

namespace souk::storage {

namespace {

// Plenty for the active logs; past it, start over rather than grow.
constexpr size_t kMaxKnownLogs = 200'000;

struct InScope {
  const Database* db = nullptr;
  EventLogCounters* counters = nullptr;
};
thread_local InScope in_scope;

}  // namespace

EventLogCounters::Scope::Scope(Database& db, EventLogCounters& counters) {
  in_scope = {&db, &counters};
}

EventLogCounters::Scope::~Scope() {
  in_scope = {};
}

EventLogCounters* EventLogCounters::for_database(const Database& db) {
  return in_scope.db == &db ? in_scope.counters : nullptr;
}

int64_t EventLogCounters::next(Database& db, int64_t account_id) {
  auto it = known_.find(account_id);
  if (it == known_.end()) {
    // First touch: the row is created or advanced in SQL, so the log exists from here on.
    auto stmt = db.cached(
        "INSERT INTO event_logs (account_id, last_seq) VALUES (?, 1) "
        "ON CONFLICT (account_id) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq");
    stmt->bind(1, account_id);
    if (!stmt->step()) throw SqliteError(SQLITE_ERROR, "event log did not advance");
    const int64_t seq = stmt->int64(0);
    known_.emplace(account_id, Entry{seq, false});
    undo_.emplace_back(account_id, std::nullopt);
    return seq;
  }
  undo_.emplace_back(account_id, it->second);
  if (!it->second.dirty) dirty_.push_back(account_id);
  it->second.dirty = true;
  return ++it->second.last_seq;
}

std::optional<int64_t> EventLogCounters::last(int64_t account_id) const {
  auto it = known_.find(account_id);
  if (it == known_.end()) return std::nullopt;
  return it->second.last_seq;
}

void EventLogCounters::begin_job() {
  undo_.clear();
}

void EventLogCounters::undo_job() {
  for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
    if (it->second) {
      known_[it->first] = *it->second;
    } else {
      known_.erase(it->first);
    }
  }
  undo_.clear();
}

void EventLogCounters::write_out(Database& db) {
  undo_.clear();
  if (!dirty_.empty()) {
    auto stmt = db.cached("UPDATE event_logs SET last_seq = ? WHERE account_id = ?");
    for (const int64_t account : dirty_) {
      auto it = known_.find(account);
      if (it == known_.end() || !it->second.dirty) continue;  // undone since
      stmt->reset();
      stmt->bind_all(it->second.last_seq, account).run();
      it->second.dirty = false;
    }
    dirty_.clear();
  }
  if (known_.size() > kMaxKnownLogs) known_.clear();
}

void EventLogCounters::forget() {
  known_.clear();
  undo_.clear();
  dirty_.clear();
}

}  // namespace souk::storage
