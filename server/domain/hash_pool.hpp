#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace souk::domain {

// Threads of their own for password hashing and checking (Argon2id: tens of milliseconds
// and 64 MiB each), so that nothing else (message delivery above all) ever waits behind
// it, with a bounded queue: a flood of logins is refused at once instead of piling up
// memory and latency. The threads also run at a lower CPU priority (nice 10), so that on
// a machine with few cores a flood of logins takes only the CPU that delivery leaves.
// Not SCHED_IDLE: it kept the chatters' p99 under a login flood lower (1.3-1.6x the quiet
// figure against 2.1-2.2x), but on cores kept busy by anything else a hash waited tens of
// seconds, and logins with it.
class HashPool {
 public:
  HashPool(int threads, int queue);
  // Runs what is queued, then joins.
  ~HashPool();
  HashPool(const HashPool&) = delete;
  HashPool& operator=(const HashPool&) = delete;

  // Runs `job` on a hashing thread unless `threads + queue` jobs are already running or
  // waiting; then returns false at once and `job` is dropped unrun.
  bool try_run(std::function<void()> job);

  size_t pending() const;

 private:
  void work();

  const size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace souk::domain
