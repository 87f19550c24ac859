#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "souk/v1/chat.grpc.pb.h"

namespace souk::bench {

// One Subscribe stream on gRPC's callback API: no thread of its own, so one process can
// hold thousands of them, as thousands of devices would.
class LiveStream final
    : public grpc::ClientBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse> {
 public:
  // Runs on a gRPC thread for every event that arrives.
  using OnEvent = std::function<void(const v1::Event&)>;
  // Runs on a gRPC thread for every frame that arrives, one frame at a time; the frame is
  // reused for the next read.
  using OnBatch = std::function<void(const v1::SubscribeResponse&)>;

  // With `ack`, each batch is acknowledged up the stream (one ack in flight at a time), as
  // a real device does, so that delivered receipts cost what they cost.
  // `since_seq` resumes after the events a device already has, as a reconnecting one does.
  LiveStream(v1::ChatService::Stub& stub, const std::string& token, OnEvent on_event,
             bool ack = false, int64_t since_seq = 0);
  LiveStream(v1::ChatService::Stub& stub, const std::string& token, OnBatch on_batch,
             bool ack = false, int64_t since_seq = 0);
  void cancel() { context_.TryCancel(); }
  void wait_done();
  // How the stream ended; valid after wait_done().
  grpc::Status status() const { return status_; }

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  grpc::ClientContext context_;
  v1::SubscribeRequest first_;
  v1::SubscribeResponse batch_;
  OnBatch on_batch_;
  bool ack_ = false;
  v1::SubscribeRequest ack_request_;
  std::mutex write_mu_;
  bool writing_ = true;  // the first frame
  int64_t ack_wanted_ = 0;
  int64_t ack_sent_ = 0;
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;
  grpc::Status status_;
};

// A channel of its own (its own TCP connection), as a separate device would have.
std::shared_ptr<grpc::Channel> own_connection(const std::string& address);
// Stubs over `connections` connections of their own, for many streams to share.
std::vector<std::unique_ptr<v1::ChatService::Stub>> stubs_over(const std::string& address,
                                                               int connections);

}  // namespace souk::bench
