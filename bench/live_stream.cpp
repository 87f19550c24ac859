#include "bench/live_stream.hpp"

namespace souk::bench {

LiveStream::LiveStream(v1::ChatService::Stub& stub, const std::string& token, OnEvent on_event)
    : on_event_(std::move(on_event)) {
  context_.AddMetadata("authorization", "Bearer " + token);
  stub.async()->Subscribe(&context_, this);
  first_.set_since_seq(0);
  StartWrite(&first_);
  StartRead(&batch_);
  StartCall();
}

void LiveStream::OnReadDone(bool ok) {
  if (!ok) return;
  for (const auto& e : batch_.events()) on_event_(e);
  StartRead(&batch_);
}

void LiveStream::OnDone(const grpc::Status&) {
  std::lock_guard lock(mu_);
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

}  // namespace souk::bench
