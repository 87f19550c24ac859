#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace souk::cli {

// SIGINT and SIGTERM for the commands that run until stopped (watch, bot). A signal
// handler may not lock a mutex or wake a condition variable, so the handler only writes
// the signal into a pipe; a thread reading it calls `on_stop` as ordinary code, which can
// then wake whatever the command waits on at once. A second signal exits at once, for a
// command that does not finish in time. One instance at a time; the destructor puts the
// previous handlers back.
class StopSignal {
 public:
  explicit StopSignal(std::function<void()> on_stop);
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  // The signal that asked to stop, or 0.
  int received() const { return received_; }

 private:
  std::function<void()> on_stop_;
  int read_fd_ = -1;
  int write_fd_ = -1;
  std::atomic<int> received_{0};
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  std::thread reader_;
};

}  // namespace souk::cli
