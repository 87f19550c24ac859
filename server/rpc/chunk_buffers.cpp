#include "server/rpc/chunk_buffers.hpp"

namespace souk::rpc {

std::shared_ptr<ChunkBuffers> ChunkBuffers::make(size_t buffer_bytes, size_t keep) {
  return std::shared_ptr<ChunkBuffers>(new ChunkBuffers(buffer_bytes, keep));
}

ChunkBuffers::Buffer::~Buffer() {
  if (home_ && bytes_) home_->give_back(std::move(bytes_));
}

ChunkBuffers::Buffer ChunkBuffers::take() {
  std::unique_ptr<char[]> bytes;
  {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      bytes = std::move(free_.back());
      free_.pop_back();
    }
  }
  // Not zeroed: every byte sent is read from the file first.
  if (!bytes) bytes.reset(new char[buffer_bytes_]);
  return Buffer(shared_from_this(), std::move(bytes), buffer_bytes_);
}

grpc::Slice ChunkBuffers::to_slice(Buffer buffer, size_t size) {
  auto* owned = new Buffer(std::move(buffer));
  return grpc::Slice(
      owned->data(), size, [](void* p) { delete static_cast<Buffer*>(p); }, owned);
}

size_t ChunkBuffers::kept() const {
  std::lock_guard lock(mu_);
  return free_.size();
}

void ChunkBuffers::give_back(std::unique_ptr<char[]> bytes) {
  std::lock_guard lock(mu_);
  if (free_.size() < keep_) free_.push_back(std::move(bytes));
}

}  // namespace souk::rpc
