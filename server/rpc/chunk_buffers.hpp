#pragma once

#include <grpcpp/support/slice.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace souk::rpc {

// Buffers for the chunks of downloads, each read from disk straight into one and handed to
// gRPC as a slice, which gives it back here once the bytes are written to the socket. A
// chunk is then copied once in soukd (page cache to buffer) instead of three times, and no
// chunk costs a fresh allocation: soukd lowers glibc's mmap threshold under the chunk size,
// so each new 256 KiB buffer was an mmap, 64 page faults and an munmap. Those faults were
// 7% of the machine in a 1 GiB download (perf, 2026-11-27).
class ChunkBuffers : public std::enable_shared_from_this<ChunkBuffers> {
 public:
  class Buffer {
   public:
    Buffer(Buffer&&) noexcept = default;
    Buffer& operator=(Buffer&&) noexcept = default;
    ~Buffer();
    char* data() { return bytes_.get(); }
    size_t capacity() const { return capacity_; }

   private:
    friend class ChunkBuffers;
    Buffer(std::shared_ptr<ChunkBuffers> home, std::unique_ptr<char[]> bytes, size_t capacity)
        : home_(std::move(home)), bytes_(std::move(bytes)), capacity_(capacity) {}
    std::shared_ptr<ChunkBuffers> home_;
    std::unique_ptr<char[]> bytes_;
    size_t capacity_ = 0;
  };

  // Buffers of `buffer_bytes`; at most `keep` wait here for reuse, the rest are freed.
  static std::shared_ptr<ChunkBuffers> make(size_t buffer_bytes, size_t keep);

  Buffer take();
  // The first `size` bytes of the buffer, for gRPC to send; the buffer returns here when
  // gRPC lets go of them, which may be after the stream that sent them has ended.
  static grpc::Slice to_slice(Buffer buffer, size_t size);

  size_t kept() const;

 private:
  ChunkBuffers(size_t buffer_bytes, size_t keep) : buffer_bytes_(buffer_bytes), keep_(keep) {}
  void give_back(std::unique_ptr<char[]> bytes);

  const size_t buffer_bytes_;
  const size_t keep_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<char[]>> free_;
};

}  // namespace souk::rpc
