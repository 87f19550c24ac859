#pragma once

#include <cstddef>
#include <memory>
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

// SHA-256 over data that arrives in pieces (files streamed in chunks). OpenSSL's, which
// uses the CPU's SHA instructions: several times libsodium's portable code, and every
// byte of every upload goes through it.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view data);
  // The raw 32-byte digest; the object is spent afterwards.
  std::string finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace souk
