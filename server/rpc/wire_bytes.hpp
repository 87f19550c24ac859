#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace souk::rpc {

// Protobuf's wire format, for replies assembled from slices instead of serialised whole (a
// shared message text, a file chunk read straight into its own buffer): a parser takes the
// fields in any order, so the large bytes can go last as a slice of their own.

// The tag of a length-delimited field (bytes, string, message).
constexpr char length_delimited_tag(int field) {
  return static_cast<char>((field << 3) | 2);
}
constexpr char varint_tag(int field) {
  return static_cast<char>(field << 3);
}

inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

inline size_t varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

}  // namespace souk::rpc
