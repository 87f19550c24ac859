#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include "souk/v1/chat.grpc.pb.h"

namespace souk::bench {

// One Subscribe stream on gRPC's callback API: no thread of its own, so one process can
// hold thousands of them, as thousands of devices would.
class LiveStream final
    : public grpc::ClientBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse> {
 public:
  // Runs on a gRPC thread for every event that arrives.
  using OnEvent = std::function<void(const v1::Event&)>;

  LiveStream(v1::ChatService::Stub& stub, const std::string& token, OnEvent on_event);
  void cancel() { context_.TryCancel(); }
  void wait_done();

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool) override {}
  void OnDone(const grpc::Status& status) override;

 private:
  grpc::ClientContext context_;
  v1::SubscribeRequest first_;
  v1::SubscribeResponse batch_;
  OnEvent on_event_;
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;
};

// A channel of its own (its own TCP connection), as a separate device would have.
std::shared_ptr<grpc::Channel> own_connection(const std::string& address);

}  // namespace souk::bench
