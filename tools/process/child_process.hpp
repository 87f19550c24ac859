#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace souk::test {

// A long-running child (Xvfb, the souk window, `souk-cli watch`) with stdout and stderr
// appended to `log`. Stopped with SIGTERM in the destructor if still running.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::filesystem::path& log, int inherit_fd = -1);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` and waits; the exit code (128 + signal if killed by one).
  int stop(int signal);
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
  int exit_code_ = -1;
};

}  // namespace souk::test
