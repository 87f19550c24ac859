#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace souk {

// Call once before any other function here; safe to call again.
void crypto_init();

std::string random_bytes(size_t n);
std::string base64url_encode(std::string_view bytes);
// Raw 32-byte digest.
std::string sha256(std::string_view data);
std::string hex_encode(std::string_view bytes);

// SHA-256 over data that arrives in pieces (files streamed in chunks).
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  // The raw 32-byte digest; the object is spent afterwards.
  std::string finish();

 private:
  alignas(16) unsigned char state_[208];  // crypto_hash_sha256_state, kept opaque here
};

}  // namespace souk
