#pragma once

#include <grpcpp/grpcpp.h>

#include <boost/asio/thread_pool.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "server/rpc/chunk_buffers.hpp"
#include "server/rpc/grpc_order.hpp"

namespace souk::rpc {

// One DownloadFile call, in raw bytes so that a chunk goes out from the buffer it was read
// into. The pool reads up to kReadAhead frames ahead of the network, so that gRPC, which
// takes one write at a time, has the next frame the moment it asks: with one chunk in
// flight, soukd sat idle while each chunk went from the socket to the disk and back.
// Before each chunk it checks its session: a download never outlives its token by more than
// the frames read ahead. It is deleted when both gRPC's OnDone and the read on the pool
// have ended, whichever comes last.
class DownloadStream final : public OrderedReactor<grpc::ServerWriteReactor<grpc::ByteBuffer>> {
 public:
  static constexpr size_t kReadAhead = 4;

  DownloadStream(const grpc::ServerContextBase* call, domain::Session session,
                 domain::Accounts& accounts, domain::Files& files, boost::asio::thread_pool& pool,
                 std::shared_ptr<ChunkBuffers> buffers, const grpc::ByteBuffer& request);

  void OnWriteDone(bool ok) override;
  void OnDone() override;

 private:
  struct Frame {
    grpc::ByteBuffer bytes;
    bool last = false;
  };
  // What to hand gRPC next, decided under mu_ and taken after it is let go: gRPC may run a
  // reaction inline on the thread that starts a step.
  enum class Step { kNone, kWrite, kWriteAndFinish, kFinish };

  void open(grpc::ByteBuffer request);
  // Reads frames until kReadAhead are waiting, the file ends or the call does.
  void read_ahead();
  Result<Frame> next_frame();
  // Ends the call with `status` once the write in progress is done; frames read ahead are
  // dropped.
  void fail(grpc::Status status);
  Step next_step_locked();
  void take(Step step);

  const domain::Session session_;
  domain::SessionWatch watch_;
  domain::Files& files_;
  boost::asio::thread_pool& pool_;
  const std::shared_ptr<ChunkBuffers> buffers_;
  std::optional<domain::Download> download_;  // only the read on the pool touches it
  bool sent_file_ = false;                    // the first frame carries the file's record

  std::mutex mu_;
  std::deque<Frame> ready_;
  Frame writing_;  // held for gRPC from StartWrite to OnWriteDone
  bool write_pending_ = false;
  bool reading_ = true;  // a read is queued or running on the pool (open, at first)
  bool read_all_ = false;
  bool finishing_ = false;  // Finish or StartWriteAndFinish was taken
  std::optional<grpc::Status> failed_;
  bool done_ = false;  // OnDone ran
};

}  // namespace souk::rpc
