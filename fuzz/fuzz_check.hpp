#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace souk::fuzz {

// A broken promise is a finding like a crash: libFuzzer keeps the input that caused it.
inline void check(bool ok, const char* promise, const std::string& detail = {}) {
  if (ok) return;
  std::fprintf(stderr, "broken promise: %s%s%s\n", promise, detail.empty() ? "" : ": ",
               detail.c_str());
  std::abort();
}

}  // namespace souk::fuzz
