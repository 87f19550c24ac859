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

  // synchronous: OFF, NORMAL or FULL. Opens the file, turns on WAL and applies migrations.
  Writer(const std::filesystem::path& file, const std::string& synchronous, Dispatch dispatch = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs on the writer thread whenever a job or a whole batch is rolled back, so that
  // anything cached from inside a transaction can be dropped with it.
  void on_rollback(std::function<void()> hook);

  void submit(Job job, Done done);
  std::future<Status> submit(Job job);

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
  Dispatch dispatch_;
  std::vector<std::function<void()>> rollback_hooks_;  // set before the first submit
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  uint64_t commits_ = 0;
  uint64_t jobs_ = 0;
  std::thread thread_;
};

}  // namespace souk::storage
