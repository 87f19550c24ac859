#pragma once

#include <string>
#include <string_view>

namespace souk::domain {

// Argon2id through libsodium, at its "interactive" cost (about 64 MiB and a few tens of
// milliseconds per call), so callers run it off latency-sensitive threads.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace souk::domain
