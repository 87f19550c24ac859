#pragma once

#include <grpcpp/grpcpp.h>

#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <mutex>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/idle_deadline.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

// One UploadFile call: a header frame, then chunks. Each frame is written to disk on the
// pool before the next is read, so a stream holds one chunk in memory, and a slow disk
// slows the sender (gRPC's flow control) instead of filling soukd's memory. Each frame
// checks the session first: once it has ended, the upload stops there (what was committed
// stays, to be resumed after logging in again). A sender that has gone quiet is not waited
// for: while a read is pending the session's end finishes the call at once, and so does a
// wait for the next frame longer than `idle` (DEADLINE_EXCEEDED; what was committed stays).
// Frames arrive as raw bytes and are parsed here: gRPC would report a frame that does not
// parse exactly as the client closing its side, and the upload would end as if cut short.
class UploadStream final : public OrderedReactor<grpc::ServerReadReactor<grpc::ByteBuffer>> {
 public:
  UploadStream(const grpc::ServerContextBase* call, domain::Session session,
               domain::Accounts& accounts, domain::Files& files, boost::asio::thread_pool& pool,
               grpc::ByteBuffer* response, std::chrono::milliseconds idle);

  void OnReadDone(bool ok) override;
  void OnDone() override {
    const auto done = order_.done();
    delete this;
  }

 private:
  // Reads the next frame, unless the call ended or its session did.
  void read_next();
  void on_session_end(const std::string& message);
  void on_idle();
  void on_header();
  void on_chunk();
  void on_end();
  void set_response(const storage::FileRecord& file);
  // Replies and ends the call; the hold on the upload goes first, so that a client that
  // retries at once finds it free. Called without mu_ held.
  void end(const grpc::Status& status);
  // Marks the call finished and lets go of the upload; false if it already was. The caller
  // then calls Finish, after letting go of mu_.
  bool mark_finished_locked();

  const domain::Session session_;
  // Whether a read is pending and whether Finish was called: the session's end may come
  // from another thread while the stream waits on its peer. Recursive, so that a reaction
  // gRPC might run inline under a call made with it held cannot deadlock.
  std::recursive_mutex mu_;
  bool reading_ = false;
  bool finished_ = false;
  domain::SessionWatch watch_;
  domain::Files& files_;
  boost::asio::thread_pool& pool_;
  grpc::ByteBuffer* response_;
  grpc::ByteBuffer frame_;
  v1::UploadFileRequest request_;
  std::shared_ptr<domain::Upload> upload_;
  // Last: destroyed first, so an on_idle still running finds everything else in place.
  IdleDeadline idle_;
};

}  // namespace souk::rpc
