#pragma once

#include <grpcpp/grpcpp.h>

#include <boost/asio/thread_pool.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/idle_deadline.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

// One UploadFile call: a header frame, then chunks. Frames are received up to kReadAhead
// ahead of the disk and written in order on the pool, so that the network, the disk and
// the hash work at once: with one frame at a time, soukd sat idle for a quarter of an
// upload. A stream thus holds a few chunks in memory, and a slow disk still slows the
// sender (gRPC's flow control) instead of filling soukd's memory.
// Each frame checks the session first: once it has ended, the upload stops there (what was
// committed stays, to be resumed after logging in again). A sender that has gone quiet is
// not waited for: while a read is pending the session's end finishes the call at once, and
// so does a wait for the next frame longer than `idle` (DEADLINE_EXCEEDED; what was
// committed stays).
// Frames arrive as raw bytes: gRPC would report a frame that does not parse exactly as the
// client closing its side, and the upload would end as if cut short. A frame that is a
// chunk and nothing else is written from gRPC's slices without being parsed or copied.
// The stream is deleted when both gRPC's OnDone and the work on the pool have ended.
class UploadStream final : public OrderedReactor<grpc::ServerReadReactor<grpc::ByteBuffer>> {
 public:
  static constexpr size_t kReadAhead = 4;

  UploadStream(const grpc::ServerContextBase* call, domain::Session session,
               domain::Accounts& accounts, domain::Files& files, boost::asio::thread_pool& pool,
               grpc::ByteBuffer* response, std::chrono::milliseconds idle);

  void OnReadDone(bool ok) override;
  void OnDone() override;

 private:
  struct Frame {
    grpc::ByteBuffer bytes;
    bool closed = false;  // not a frame: the client closed its side, or the call broke off
  };

  // Under mu_: whether to start the next read, which the caller then does after letting go.
  bool claim_read_locked();
  // On the pool, one frame after another until none is waiting or the call is over.
  void work_next();
  // The same, from a step's reply: through the pool, since a reply may come inline and a
  // long upload would otherwise recurse once per chunk.
  void work_later();
  void on_frame();
  void on_header();
  void on_closed();
  void write(std::span<const std::string_view> chunk);
  void on_session_end(const std::string& message);
  void on_idle();
  // Replies and ends the call; the stream's hold on the upload goes first, so that a
  // client that retries at once finds it free. Called without mu_ held.
  void end(const grpc::Status& status);
  // Ends the call with OK and the stored file as the reply, unless it has ended already.
  void end_with(const storage::FileRecord& file);
  // Marks the call finished and lets go of the upload; false if it already was. The caller
  // then calls Finish, after letting go of mu_.
  bool mark_finished_locked();
  // The stream's hold on the upload, for a step on the pool; none once the call is over.
  std::shared_ptr<domain::Upload> upload();

  const domain::Session session_;

  // Before watch_, which may call on_session_end from the moment it is made until it is
  // destroyed: these must exist that long.
  // Recursive: reads start with it held, and gRPC may run OnReadDone inline.
  std::recursive_mutex mu_;
  grpc::ByteBuffer incoming_;  // gRPC's from StartRead to OnReadDone
  std::deque<Frame> received_;
  bool reading_ = false;  // a read is pending: the stream waits on its peer
  bool working_ = false;  // the pool is on a frame
  bool closed_ = false;   // the client will send nothing more
  bool finished_ = false;
  bool done_ = false;  // OnDone ran
  std::shared_ptr<domain::Upload> upload_;

  domain::SessionWatch watch_;
  domain::Files& files_;
  boost::asio::thread_pool& pool_;
  // gRPC's, and gone once the call is: written only under mu_ before Finish (end_with).
  grpc::ByteBuffer* response_;

  // Only the pool's work touches these: the frame being written, and its chunk's pieces.
  Frame current_;
  std::vector<grpc::Slice> slices_;
  std::vector<std::string_view> pieces_;
  v1::UploadFileRequest request_;

  // Last: destroyed first, so an on_idle still running finds everything else in place.
  IdleDeadline idle_;
};

}  // namespace souk::rpc
