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
  // Runs on the writer thread after the commit; keep it short (post heavy work elsewhere).
  using Done = std::function<void(Status)>;

  // synchronous: OFF, NORMAL or FULL. Opens the file, turns on WAL and applies migrations.
  Writer(const std::filesystem::path& file, const std::string& synchronous);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void submit(Job job, Done done);
  std::future<Status> submit(Job job);

  // Commits what is queued, then closes the connection. Later submits fail UNAVAILABLE.
  void stop();

  // Transactions committed so far; tells tests and benchmarks how well writes were grouped.
  uint64_t commits() const;

 private:
  struct Pending {
    Job job;
    Done done;
  };
  void run();
  void commit_batch(std::deque<Pending>& batch);

  Database db_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  uint64_t commits_ = 0;
  std::thread thread_;
};

}  // namespace souk::storage
