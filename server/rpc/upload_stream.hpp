#pragma once

#include <grpcpp/grpcpp.h>

#include <boost/asio/thread_pool.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "server/rpc/idle_deadline.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

// The chunk of an upload frame that holds a chunk and nothing else (what clients send), as
// views of the frame's own slices; nullopt for any other frame, which is parsed in full.
std::optional<std::vector<std::string_view>> bare_chunk(const std::vector<grpc::Slice>& slices);

// One UploadFile call: a header frame, then chunks. Chunks are taken from gRPC without
// being copied and queued while earlier ones are written to disk and hashed, on the pool,
// in two lanes (writing one chunk overlaps hashing the one before). Frames are read ahead
// only while the queue holds less than the transfer's buffer (transfer_buffer_bytes), so
// a slow disk slows the sender (gRPC's flow control) instead of filling soukd's memory.
// Before each read it checks the session: once it has ended, the upload stops there (what
// was committed stays, to be resumed after logging in again). A sender that has gone quiet
// is not waited for: while a read is pending the session's end finishes the call, and so
// does a wait for the next frame longer than `idle` (DEADLINE_EXCEEDED; what was committed
// stays). Frames arrive as raw bytes and are parsed here: gRPC would report a frame that
// does not parse exactly as the client closing its side, and the upload would end as if
// cut short.
class UploadStream final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  UploadStream(domain::Session session, domain::Accounts& accounts, domain::Files& files,
               boost::asio::thread_pool& pool, grpc::ByteBuffer* response,
               std::chrono::milliseconds idle);

  void OnReadDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  // A chunk on its way to disk: gRPC's slices (or a copy) and views of its bytes.
  struct Frame {
    std::vector<grpc::Slice> slices;
    std::string copy;
    std::vector<std::string_view> pieces;
    int64_t bytes = 0;
    int lanes_left = 2;  // the write lane and the hash lane
  };

  // Reads the next frame, unless the call ended or its session did.
  void read_next();
  void on_session_end(const std::string& message);
  void on_idle();
  void on_header();
  // Queues the chunk of frame_ and starts the lanes; false if the frame was refused.
  bool queue_chunk();
  void write_lane();
  void hash_lane();
  // One lane passed the frame at `seq`: frees the frames both lanes passed, and reads
  // again if that made room. Called with mu_ held; returns whether to read now.
  bool passed_locked(uint64_t seq);
  // A lane found nothing left to do: finishes an ending call or ends the upload once both
  // lanes are idle. Called with mu_ held; returns what to do with it let go.
  enum class AfterLanes { kNothing, kFinish, kEnd };
  AfterLanes lane_stopped_locked();
  void after_lanes(AfterLanes what);
  bool lanes_idle_locked() const { return !writing_ && !hashing_; }
  Frame& frame_at_locked(uint64_t seq) { return queue_[seq - queue_base_]; }
  void on_end();
  void set_response(const storage::FileRecord& file);
  // Replies and ends the call now, or once the lanes stop using the upload; the hold on
  // the upload goes first, so that a client that retries at once finds it free. Called
  // without mu_ held.
  void end(const grpc::Status& status);
  // Marks the call finished and lets go of the upload; false if it already was. The caller
  // then calls Finish with ending_, after letting go of mu_.
  bool mark_finished_locked();

  const domain::Session session_;
  // Guards the state below: the session's end may come from another thread while the
  // stream waits on its peer, and the lanes run on the pool. Recursive, so that a reaction
  // gRPC might run inline under a call made with it held cannot deadlock.
  std::recursive_mutex mu_;
  bool reading_ = false;
  bool paused_ = false;   // not reading until the lanes make room
  bool closing_ = false;  // the client closed its side: end the upload once the lanes drain
  bool finished_ = false;
  std::optional<grpc::Status> ending_;  // to finish with once the lanes stop
  std::deque<Frame> queue_;
  uint64_t queue_base_ = 0;  // sequence number of queue_.front()
  uint64_t write_seq_ = 0;   // next frame for the write lane
  uint64_t hash_seq_ = 0;    // next frame for the hash lane
  int64_t queued_bytes_ = 0;
  bool writing_ = false;  // the write lane runs (or waits on a commit)
  bool hashing_ = false;
  domain::SessionWatch watch_;
  domain::Files& files_;
  boost::asio::thread_pool& pool_;
  const int64_t buffer_bytes_;
  grpc::ByteBuffer* response_;
  grpc::ByteBuffer frame_;
  v1::UploadFileRequest request_;
  std::shared_ptr<domain::Upload> upload_;
  // Last: destroyed first, so an on_idle still running finds everything else in place.
  IdleDeadline idle_;
};

// A call refused at the door (no valid token).
class RefusedUpload final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedUpload(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace souk::rpc
