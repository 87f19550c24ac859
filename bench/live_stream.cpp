#include "bench/live_stream.hpp"

namespace souk::bench {

LiveStream::LiveStream(v1::ChatService::Stub& stub, const std::string& token, OnEvent on_event,
                       bool ack, int64_t since_seq)
    : LiveStream(stub, token,
                 OnBatch([on_event = std::move(on_event)](const v1::SubscribeResponse& batch) {
                   for (const auto& e : batch.events()) on_event(e);
                 }),
                 ack, since_seq) {}

LiveStream::LiveStream(v1::ChatService::Stub& stub, const std::string& token, OnBatch on_batch,
                       bool ack, int64_t since_seq)
    : on_batch_(std::move(on_batch)), ack_(ack) {
  context_.AddMetadata("authorization", "Bearer " + token);
  stub.async()->Subscribe(&context_, this);
  first_.set_since_seq(since_seq);
  StartWrite(&first_);
  StartRead(&batch_);
  StartCall();
}

void LiveStream::OnReadDone(bool ok) {
  if (!ok) return;
  on_batch_(batch_);
  int64_t high = 0;
  for (const auto& e : batch_.events()) high = std::max(high, e.seq());
  if (ack_ && high > 0) {
    std::lock_guard lock(write_mu_);
    ack_wanted_ = std::max(ack_wanted_, high);
    if (!writing_) {
      writing_ = true;
      ack_sent_ = ack_wanted_;
      ack_request_.set_ack_seq(ack_sent_);
      StartWrite(&ack_request_);
    }
  }
  StartRead(&batch_);
}

void LiveStream::OnWriteDone(bool ok) {
  std::lock_guard lock(write_mu_);
  if (!ok || ack_wanted_ <= ack_sent_) {
    writing_ = false;
    return;
  }
  ack_sent_ = ack_wanted_;
  ack_request_.set_ack_seq(ack_sent_);
  StartWrite(&ack_request_);
}

void LiveStream::OnDone(const grpc::Status& status) {
  std::lock_guard lock(mu_);
  status_ = status;
  done_ = true;
  done_cv_.notify_all();
}

void LiveStream::wait_done() {
  std::unique_lock lock(mu_);
  done_cv_.wait(lock, [this] { return done_; });
}

std::shared_ptr<grpc::Channel> own_connection(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

std::vector<std::unique_ptr<v1::ChatService::Stub>> stubs_over(const std::string& address,
                                                               int connections) {
  std::vector<std::unique_ptr<v1::ChatService::Stub>> stubs;
  for (int i = 0; i < std::max(connections, 1); ++i) {
    stubs.push_back(v1::ChatService::NewStub(own_connection(address)));
  }
  return stubs;
}

}  // namespace souk::bench
