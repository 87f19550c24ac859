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

// Runs a program to completion, feeding `input` on stdin and capturing both outputs.
// `env` entries are added to (or replace in) the current environment.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          const std::string& input = "");

}  // namespace souk::test
