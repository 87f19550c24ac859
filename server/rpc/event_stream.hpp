#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>

#include "server/domain/event_hub.hpp"
#include "server/domain/messaging.hpp"
#include "souk/v1/chat.pb.h"

namespace souk::rpc {

// One device's Subscribe stream. The first frame names since_seq; later frames carry
// acks. Events reach it through a domain::Subscription; it never blocks.
class EventStream final
    : public grpc::ServerBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse>,
      public domain::EventSink {
 public:
  EventStream(domain::Session session, domain::Messaging& messaging, domain::EventHub& hub,
              storage::ReaderPool& readers, boost::asio::thread_pool& pool);

  void send(std::vector<storage::EventRecord> batch) override;

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  void finish(const grpc::Status& status);

  const domain::Session session_;
  domain::Messaging& messaging_;
  domain::EventHub& hub_;
  std::shared_ptr<domain::Subscription> subscription_;
  v1::SubscribeRequest request_;
  v1::SubscribeResponse response_;
  bool started_ = false;
  std::atomic<bool> finished_{false};
};

// A stream refused at the door (no valid token).
class RefusedStream final
    : public grpc::ServerBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse> {
 public:
  explicit RefusedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace souk::rpc
