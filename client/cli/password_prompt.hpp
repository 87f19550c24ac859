#pragma once

#include <string>

#include "common/status.hpp"

namespace souk::cli {

// The environment variable `env` (SOUK_PASSWORD unless named) if set; otherwise asks on the
// terminal without echo (or reads one line from a non-terminal stdin, for scripts).
Result<std::string> obtain_password(const std::string& prompt, const char* env = "SOUK_PASSWORD");
// Whether obtain_password would ask a person at a terminal (so asking twice makes sense).
bool password_from_terminal(const char* env);

}  // namespace souk::cli
