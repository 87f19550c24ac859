#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.hpp"
#include "server/storage/event_log_counters.hpp"
#include "server/storage/sqlite.hpp"

namespace souk::storage {

// The one connection that writes. Whatever is queued when the writer wakes is run in one
// transaction (group commit), each job under its own savepoint so that one failing job
// leaves the others intact. Every job is acknowledged only after COMMIT returned, so an
// acknowledged write survives a crash (with synchronous=FULL, also a power cut).
class Writer {
 public:
  // Runs on the writer thread inside the batch transaction. Return an error to roll back
  // just this job. Throwing SqliteError does the same and is reported as INTERNAL.
  using Job = std::function<Status(Database&)>;
  // Runs after the commit, on the dispatch executor (or the writer thread if none).
  using Done = std::function<void(Status)>;

  // Where completions run. Without one they run on the writer thread; with one, each
  // batch's completions run as one task, in commit order, while the writer moves on.
  using Dispatch = std::function<void(std::function<void()>)>;

  // Jobs that may wait for the writer at once. Past it a submit is refused on the spot
  // (see busy()): a flood of writes costs the callers a retry, never soukd its memory.
  static constexpr size_t kDefaultQueueLimit = 10'000;

  // synchronous: OFF, NORMAL or FULL. Opens the file, turns on WAL and applies migrations.
  Writer(const std::filesystem::path& file, const std::string& synchronous, Dispatch dispatch = {},
         size_t queue_limit = kDefaultQueueLimit);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs on the writer thread whenever a job or a whole batch is rolled back, so that
  // anything cached from inside a transaction can be dropped with it.
  void on_rollback(std::function<void()> hook);

  // Queues `job`, or, when queue_limit jobs are already waiting (or after stop()), calls
  // `done` at once on the caller's thread with UNAVAILABLE and never runs the job: a
  // refused write changes nothing. `done` may be empty.
  void submit(Job job, Done done);
  std::future<Status> submit(Job job);

  // What a caller refused for a full queue is told.
  static Status busy();

  // Commits what is queued, then closes the connection. Later submits fail UNAVAILABLE.
  void stop();

  // Transactions committed so far; tells tests and benchmarks how well writes were grouped.
  uint64_t commits() const;
  // Jobs run so far, committed or not.
  uint64_t jobs() const;

 private:
  struct Pending {
    Job job;
    Done done;
  };
  void run();
  void commit_batch(std::deque<Pending>& batch);

  Database db_;
  EventLogCounters event_logs_;  // the writer thread's only
  Dispatch dispatch_;
  const size_t queue_limit_;
  std::vector<std::function<void()>> rollback_hooks_;  // set before the first submit
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  bool refusing_ = false;  // since the queue was last taken
  uint64_t commits_ = 0;
  uint64_t jobs_ = 0;
  std::thread thread_;
};

}  // namespace souk::storage
