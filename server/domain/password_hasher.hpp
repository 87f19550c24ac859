#pragma once

#include <string>
#include <string_view>

namespace souk::domain {

// Argon2id at libsodium's "interactive" cost (about 64 MiB and a few tens of milliseconds
// per call), so callers run it off latency-sensitive threads. Each calling thread keeps
// the 64 MiB it fills, from one call to the next. The encoding is libsodium's
// crypto_pwhash_str, so either library checks the other's hashes.
// kMinimal exists only so that load tests can create thousands of accounts quickly; soukd
// accepts it only on a loopback address.
enum class HashCost { kInteractive, kMinimal };

std::string hash_password(std::string_view password, HashCost cost = HashCost::kInteractive);
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace souk::domain
