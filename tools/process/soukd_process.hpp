#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace souk::test {

// A real soukd on 127.0.0.1 and a port it picked itself. Started in the constructor and
// stopped (SIGTERM) in the destructor if still running.
class SoukdProcess {
 public:
  SoukdProcess(std::filesystem::path soukd, std::filesystem::path data_dir,
               std::vector<std::string> extra_args = {});
  ~SoukdProcess();
  SoukdProcess(const SoukdProcess&) = delete;
  SoukdProcess& operator=(const SoukdProcess&) = delete;

  const std::string& address() const { return address_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::filesystem::path database() const { return data_dir_ / "souk.db"; }

  // Sends `signal` and waits; returns the exit code (128 + signal if killed by one).
  int stop(int signal);
  // What soukd wrote to stderr so far (its log), for failure messages.
  std::string log() const;
  pid_t pid() const { return pid_; }

 private:
  std::filesystem::path data_dir_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  std::string address_;
};

// Starts soukd with arguments that must make it refuse to start; returns its exit code
// and stderr.
std::pair<int, std::string> soukd_refusal(const std::filesystem::path& soukd,
                                          const std::vector<std::string>& args);

}  // namespace souk::test
