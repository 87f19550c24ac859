#pragma once

#include <string>

#include "common/status.hpp"

namespace souk {

// Levels: trace, debug, info, warn, error, critical, off. Logs go to stderr so that stdout
// stays free for machine-readable lines such as "listening on".
Status setup_logging(const std::string& level);

}  // namespace souk
