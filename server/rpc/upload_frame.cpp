#include "server/rpc/upload_frame.hpp"

#include <cstdint>

#include "server/rpc/wire_bytes.hpp"

namespace souk::rpc {

namespace {

constexpr char kChunkTag = length_delimited_tag(2);  // UploadFileRequest.chunk
constexpr size_t kMaxVarintBytes = 10;

}  // namespace

bool chunk_pieces(const grpc::ByteBuffer& frame, std::vector<grpc::Slice>& slices,
                  std::vector<std::string_view>& pieces) {
  slices.clear();
  pieces.clear();
  if (!frame.Dump(&slices).ok()) return false;
  // The tag and the length may straddle slices: walk them byte by byte until the length
  // ends.
  size_t slice = 0;
  size_t at = 0;
  const auto next_byte = [&](uint8_t& out) {
    while (slice < slices.size() && at == slices[slice].size()) {
      ++slice;
      at = 0;
    }
    if (slice == slices.size()) return false;
    out = slices[slice].begin()[at++];
    return true;
  };
  uint8_t byte = 0;
  if (!next_byte(byte) || byte != static_cast<uint8_t>(kChunkTag)) return false;
  uint64_t length = 0;
  size_t prefix = 1;
  for (size_t i = 0;; ++i) {
    if (i == kMaxVarintBytes || !next_byte(byte)) return false;
    length |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    ++prefix;
    if ((byte & 0x80) == 0) break;
  }
  // The bytes the length took, not the fewest it needs: a padded length is still a length.
  if (frame.Length() < prefix || frame.Length() - prefix != length) return false;
  for (; slice < slices.size(); ++slice, at = 0) {
    const auto* begin = reinterpret_cast<const char*>(slices[slice].begin());
    if (slices[slice].size() > at) pieces.emplace_back(begin + at, slices[slice].size() - at);
  }
  return true;
}

}  // namespace souk::rpc
