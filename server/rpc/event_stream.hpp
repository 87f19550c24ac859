#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "server/domain/accounts.hpp"
#include "server/domain/event_hub.hpp"
#include "server/domain/messaging.hpp"
#include "server/domain/presence.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/idle_deadline.hpp"
#include "souk/v1/chat.pb.h"

namespace souk::rpc {

// Subscribe speaks raw bytes, so that a large message's text is shared by all the streams
// it goes to instead of copied into each (event_encoding.hpp); the frames are
// souk.v1.SubscribeRequest and SubscribeResponse all the same.
using RawSubscribeReactor = grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>;

// One device's Subscribe stream. The first frame names since_seq; later frames carry
// acks. Events reach it through a domain::Subscription; it never blocks. It lives no
// longer than its session: the end of the session ends it with UNAUTHENTICATED. It holds
// one of its user's and its address's stream places (EventHub::admit) until it is done.
// A stream whose first frame does not come within `first_frame` is ended with
// DEADLINE_EXCEEDED; once started, an idle stream is an idle client and stays.
class EventStream final : public OrderedReactor<RawSubscribeReactor>,
                          public domain::EventSink,
                          public domain::LiveStream {
 public:
  EventStream(const grpc::ServerContextBase* call, const domain::Session& session,
              std::string address, domain::Accounts& accounts, domain::Messaging& messaging,
              domain::EventHub& hub, domain::Presence& presence, storage::ReaderPool& readers,
              boost::asio::thread_pool& pool, std::chrono::milliseconds first_frame);

  void send(std::vector<storage::EventRecord> batch) override;
  void end_session(const std::string& message) override;

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  void finish(const grpc::Status& status);

  // Only who the stream acts for (account and member ID): the token and the device are the
  // session registry's business, and tens of thousands of idle streams would each keep a
  // copy of them.
  const domain::Session session_;
  const std::string address_;
  domain::SessionStreams& streams_;
  domain::Messaging& messaging_;
  domain::EventHub& hub_;
  domain::Presence& presence_;
  boost::asio::thread_pool& pool_;
  // Opening (on the pool) and closing (OnDone) may race; the lease makes sure a stream
  // counts toward presence only between the two, whatever their order.
  struct PresenceLease {
    std::mutex mu;
    bool opened = false;
    bool closed = false;
  };
  std::shared_ptr<PresenceLease> lease_;
  std::shared_ptr<domain::Subscription> subscription_;
  grpc::ByteBuffer request_bytes_;
  // Empty between writes: the last batch is let go once it is written.
  grpc::ByteBuffer response_;
  bool started_ = false;
  std::atomic<bool> finished_{false};
  // Until the first frame, then gone with its timer. Last: destroyed first, so a wait that
  // fires meanwhile finds everything else in place.
  std::unique_ptr<IdleDeadline> first_frame_;
};

}  // namespace souk::rpc
