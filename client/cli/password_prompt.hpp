#pragma once

#include <string>

#include "common/status.hpp"

namespace souk::cli {

// SOUK_PASSWORD if set; otherwise asks on the terminal without echo (or reads one line
// from a non-terminal stdin, for scripts).
Result<std::string> obtain_password(const std::string& prompt);

}  // namespace souk::cli
