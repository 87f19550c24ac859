#pragma once

#include <grpcpp/grpcpp.h>

#include <boost/asio/thread_pool.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

// The DownloadFileResponse frame for `chunk` at `offset`, encoded around the chunk's own
// slice so that its bytes reach the transport without being copied; `file` goes in the
// first frame only.
grpc::ByteBuffer download_frame(const v1::Attachment* file, int64_t offset, grpc::Slice chunk);

// Buffers for the chunks of one download, each taken back for a later chunk once gRPC has
// sent it: a fresh 256 KiB buffer per chunk would be a fresh mmap (soukd keeps large
// blocks out of malloc's arenas) and a page fault for every 4 KiB of it. Shared with the
// slices gRPC holds, which may outlive the call.
class ChunkBuffers : public std::enable_shared_from_this<ChunkBuffers> {
 public:
  ChunkBuffers(size_t buffer_bytes, size_t keep) : buffer_bytes_(buffer_bytes), keep_(keep) {}
  // A slice of `size` bytes (at most buffer_bytes) to read into.
  grpc::Slice take(size_t size);

 private:
  struct Lease;
  static void give_back(void* lease);

  const size_t buffer_bytes_;
  const size_t keep_;  // spare buffers kept; more are freed
  std::mutex mu_;
  std::vector<std::unique_ptr<char[]>> spare_;
};

// One DownloadFile call. Chunks are read from disk on the pool ahead of the network, up to
// the transfer's buffer (transfer_buffer_bytes): while gRPC sends one frame the next ones
// are being read, and a slow reader holds no more than that buffer in soukd. Before each
// chunk it checks its session: a download never outlives its token by more than the
// chunks already read.
class DownloadStream final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  DownloadStream(domain::Session session, domain::Accounts& accounts, domain::Files& files,
                 boost::asio::thread_pool& pool, const grpc::ByteBuffer& request);

  void OnWriteDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  void open(grpc::ByteBuffer request);
  // Reads chunks on the pool until the buffer is full, the file is read, or the call ends.
  void fill();
  // A finish waits while a write or a read is pending: both still use this stream.
  // What to do with the lock let go: start the front frame, finish, or nothing.
  struct Next {
    grpc::ByteBuffer* write = nullptr;
    bool last = false;
    std::optional<grpc::Status> finish;
  };
  Next next_locked();
  void run(const Next& next);

  const domain::Session session_;
  domain::SessionWatch watch_;
  domain::Files& files_;
  boost::asio::thread_pool& pool_;
  std::optional<domain::Download> download_;
  std::optional<v1::Attachment> first_frame_;  // what the first chunk's frame carries
  std::shared_ptr<ChunkBuffers> buffers_;
  int64_t buffer_bytes_ = 0;  // most bytes read ahead of the network

  std::mutex mu_;
  // Frames read and not yet sent; the front one is being written while writing_.
  std::deque<grpc::ByteBuffer> ready_;
  std::deque<int64_t> ready_sizes_;  // chunk bytes of each frame in ready_
  int64_t ready_bytes_ = 0;
  int64_t read_offset_ = 0;  // where the next chunk starts
  bool writing_ = false;
  bool filling_ = false;
  std::optional<grpc::Status> ending_;
  bool finished_ = false;
};

}  // namespace souk::rpc
