#include "client/cli/stop_signal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace souk::cli {

namespace {

std::atomic<int> signal_pipe{-1};

void on_signal(int signal) {
  const int saved_errno = errno;
  const int fd = signal_pipe.load();
  const char byte = static_cast<char>(signal);
  if (fd >= 0) (void)!::write(fd, &byte, 1);
  errno = saved_errno;
}

}  // namespace

StopSignal::StopSignal(std::function<void()> on_stop) : on_stop_(std::move(on_stop)) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe for signals");
  read_fd_ = fds[0];
  write_fd_ = fds[1];
  signal_pipe = write_fd_;
  reader_ = std::thread([this] {
    for (;;) {
      char byte = 0;
      const ssize_t n = ::read(read_fd_, &byte, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || byte == 0) return;  // 0: the destructor
      if (received_.exchange(byte) != 0) std::_Exit(128 + byte);
      on_stop_();
    }
  });
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, &old_int_);
  ::sigaction(SIGTERM, &action, &old_term_);
}

StopSignal::~StopSignal() {
  ::sigaction(SIGINT, &old_int_, nullptr);
  ::sigaction(SIGTERM, &old_term_, nullptr);
  signal_pipe = -1;
  const char done = 0;
  (void)!::write(write_fd_, &done, 1);
  reader_.join();
  ::close(read_fd_);
  ::close(write_fd_);
}

}  // namespace souk::cli
