#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "client/core/file_client.hpp"
#include "common/crypto.hpp"

namespace souk::test {

// Bytes made up on the fly from (seed, position), so that a test can send a gigabyte
// without holding it: any range can be produced again to check what came back.
class GeneratedFile {
 public:
  GeneratedFile(uint64_t seed, int64_t size) : seed_(seed), size_(size) {}
  int64_t size() const { return size_; }

  void fill(int64_t offset, char* out, size_t n) const {
    const auto at = static_cast<uint64_t>(offset);
    size_t i = 0;
    for (; i < n && (at + i) % 8 != 0; ++i) out[i] = byte_at(at + i);
    for (; i + 8 <= n; i += 8) {
      const uint64_t w = word((at + i) / 8);  // little-endian, as byte_at reads it
      std::memcpy(out + i, &w, 8);
    }
    for (; i < n; ++i) out[i] = byte_at(at + i);
  }
  client::ReadAt reader() const {
    return [this](int64_t offset, char* out, size_t n) -> Result<size_t> {
      const auto left = static_cast<size_t>(std::max<int64_t>(0, size_ - offset));
      n = std::min(n, left);
      fill(offset, out, n);
      return n;
    };
  }
  std::string bytes(int64_t offset = 0, int64_t n = -1) const {
    std::string out(static_cast<size_t>(n < 0 ? size_ - offset : n), '\0');
    fill(offset, out.data(), out.size());
    return out;
  }
  std::string sha256() const {
    Sha256 hash;
    std::string block(1 << 20, '\0');
    for (int64_t at = 0; at < size_; at += static_cast<int64_t>(block.size())) {
      const auto n = static_cast<size_t>(std::min<int64_t>(size_ - at, block.size()));
      fill(at, block.data(), n);
      hash.update(std::string_view(block.data(), n));
    }
    return hash.finish();
  }
  client::UploadSpec spec(const std::string& upload_id,
                          const std::string& name = "data.bin") const {
    return {upload_id, name, size_, "application/octet-stream", sha256()};
  }

 private:
  char byte_at(uint64_t at) const { return static_cast<char>(word(at / 8) >> ((at % 8) * 8)); }
  uint64_t word(uint64_t index) const {
    uint64_t z = seed_ * 0x9E3779B97F4A7C15ULL + index + 1;  // splitmix64
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t seed_;
  int64_t size_;
};

}  // namespace souk::test
