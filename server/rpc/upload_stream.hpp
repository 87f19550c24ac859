#pragma once

#include <grpcpp/grpcpp.h>

#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

// One UploadFile call: a header frame, then chunks. Each frame is written to disk on the
// pool before the next is read, so a stream holds one chunk in memory, and a slow disk
// slows the sender (gRPC's flow control) instead of filling soukd's memory. Each frame
// checks the session first: once it has ended, the upload stops there (what was committed
// stays, to be resumed after logging in again).
class UploadStream final : public grpc::ServerReadReactor<v1::UploadFileRequest> {
 public:
  UploadStream(domain::Session session, domain::Accounts& accounts, domain::Files& files,
               boost::asio::thread_pool& pool, v1::UploadFileResponse* response);

  void OnReadDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  void on_header();
  void on_chunk();
  void on_end();
  // Replies and ends the call; the hold on the upload goes first, so that a client that
  // retries at once finds it free.
  void end(const grpc::Status& status);

  const domain::Session session_;
  domain::SessionWatch watch_;
  domain::Files& files_;
  boost::asio::thread_pool& pool_;
  v1::UploadFileResponse* response_;
  v1::UploadFileRequest request_;
  std::shared_ptr<domain::Upload> upload_;
};

// A call refused at the door (no valid token).
class RefusedUpload final : public grpc::ServerReadReactor<v1::UploadFileRequest> {
 public:
  explicit RefusedUpload(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace souk::rpc
