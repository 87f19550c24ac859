#include "client/core/event_stream.hpp"

#include "client/core/channel.hpp"

namespace souk::client {

EventStream::EventStream(std::shared_ptr<grpc::Channel> channel, std::string token)
    : stub_(v1::ChatService::NewStub(std::move(channel))), token_(std::move(token)) {
  if (!token_.empty()) context_.AddMetadata("authorization", "Bearer " + token_);
}

EventStream::~EventStream() {
  close();
  if (reader_.joinable()) reader_.join();
}

void EventStream::open(int64_t since_seq, OnBatch on_batch) {
  stream_ = stub_->Subscribe(&context_);
  v1::SubscribeRequest first;
  first.set_since_seq(since_seq);
  {
    std::lock_guard lock(write_mu_);
    stream_->Write(first);
  }
  reader_ = std::thread([this, on_batch = std::move(on_batch)] {
    v1::SubscribeResponse batch;
    while (stream_->Read(&batch)) on_batch(batch);
    {
      // Finish() must come after the last Write(); acks from now on are dropped.
      std::lock_guard lock(write_mu_);
      finished_ = true;
    }
    final_ = from_grpc(stream_->Finish());
  });
}

bool EventStream::ack(int64_t seq) {
  v1::SubscribeRequest frame;
  frame.set_ack_seq(seq);
  std::lock_guard lock(write_mu_);
  return stream_ && !finished_ && stream_->Write(frame);
}

void EventStream::close() {
  context_.TryCancel();
}

Status EventStream::wait() {
  if (reader_.joinable()) reader_.join();
  return final_;
}

}  // namespace souk::client
