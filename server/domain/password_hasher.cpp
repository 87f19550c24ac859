#include "server/domain/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

namespace souk::domain {

std::string hash_password(std::string_view password, HashCost cost) {
  char out[crypto_pwhash_STRBYTES];
  const bool minimal = cost == HashCost::kMinimal;
  const auto ops = minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const auto mem = minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool verify_password(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace souk::domain
