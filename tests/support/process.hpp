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

// In a forked child: adds `env` to the environment and execs argv[0] (looked up on PATH
// when it has no slash); exits 127 if that fails.
[[noreturn]] void exec_child(const std::vector<std::string>& argv,
                             const std::map<std::string, std::string>& env);

// Runs a program to completion, feeding `input` on stdin and capturing both outputs.
// `env` entries are added to (or replace in) the current environment.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          const std::string& input = "");

}  // namespace souk::test
