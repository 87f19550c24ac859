#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.hpp"
#include "souk/v1/chat.grpc.pb.h"

namespace souk::client {

// One Subscribe stream: replay from since_seq, then live events, read on a background
// thread. Acks go up the same stream.
class EventStream {
 public:
  // Runs on the stream's thread, one batch at a time, in seq order.
  using OnBatch = std::function<void(const v1::SubscribeResponse&)>;

  EventStream(std::shared_ptr<grpc::Channel> channel, std::string token);
  ~EventStream();
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  void open(int64_t since_seq, OnBatch on_batch);
  // Thread-safe. False once the stream is gone.
  bool ack(int64_t seq);
  // Cuts the stream, as a dropped connection would. Thread-safe; wait() then returns.
  void close();
  // Blocks until the stream ends; its final status. Call from one thread only.
  Status wait();

 private:
  std::unique_ptr<v1::ChatService::Stub> stub_;
  std::string token_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::SubscribeRequest, v1::SubscribeResponse>> stream_;
  std::mutex write_mu_;
  bool finished_ = false;
  std::thread reader_;
  Status final_;
};

}  // namespace souk::client
