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

}  // namespace souk
