#pragma once

#include <map>
#include <string>
#include <vector>

namespace souk::test {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A program and its environment, laid out before fork(). The child of a threaded process
// may make only async-signal-safe calls until it execs: an allocation there can wait
// forever on a lock that another thread held at the fork. The crash-consistency suite hung
// that way, in a child building soukd's argv, on ASan's allocator lock.
class ExecImage {
 public:
  // `env` entries are added to (or replace in) this process's environment.
  explicit ExecImage(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env = {});

  // In the forked child: execs argv[0] (looked up on PATH when it has no slash); exits 127
  // if that fails. Async-signal-safe.
  [[noreturn]] void exec() const;

 private:
  std::vector<std::string> strings_;  // argv, then the "KEY=value" entries of `env`
  std::vector<char*> argv_;
  std::vector<char*> envp_;
};

// Runs a program to completion, feeding `input` on stdin and capturing both outputs.
// `env` entries are added to (or replace in) the current environment.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          const std::string& input = "");

}  // namespace souk::test
