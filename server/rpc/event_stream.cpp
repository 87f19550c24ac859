#include "server/rpc/event_stream.hpp"

#include <grpcpp/impl/codegen/proto_utils.h>

#include <boost/asio/post.hpp>

#include "server/rpc/event_encoding.hpp"

namespace souk::rpc {

namespace {

domain::Session identity_of(const domain::Session& session) {
  domain::Session who;
  who.account_id = session.account_id;
  who.member_id = session.member_id;
  return who;
}

}  // namespace

EventStream::EventStream(const grpc::ServerContextBase* call, const domain::Session& session,
                         std::string address, domain::Accounts& accounts,
                         domain::Messaging& messaging, domain::EventHub& hub,
                         domain::Presence& presence, storage::ReaderPool& readers,
                         boost::asio::thread_pool& pool, std::chrono::milliseconds first_frame)
    : OrderedReactor(call),
      session_(identity_of(session)),
      address_(std::move(address)),
      streams_(accounts.streams()),
      messaging_(messaging),
      hub_(hub),
      presence_(presence),
      pool_(pool),
      lease_(std::make_shared<PresenceLease>()),
      first_frame_(std::make_unique<IdleDeadline>(
          pool, first_frame, [this, seconds = first_frame.count() / 1000] {
            finish({grpc::StatusCode::DEADLINE_EXCEEDED,
                    "no Subscribe frame came within " + std::to_string(seconds) +
                        " seconds of opening the stream (stream_idle_seconds); send since_seq "
                        "first"});
          })) {
  subscription_ = std::make_shared<domain::Subscription>(session_.account_id, *this, readers, pool,
                                                         hub_.subscription_limits());
  first_frame_->arm();
  StartRead(&request_bytes_);
  streams_.add(session.token_hash, session.expires_at_ms, this);
  // A session ended between the token check and the line above was not here to be ended.
  if (!accounts.session_exists(session.token_hash)) {
    streams_.remove(this);
    finish({grpc::StatusCode::UNAUTHENTICATED, "the session token is not valid; log in again"});
  }
}

void EventStream::end_session(const std::string& message) {
  // Finish may be called from any thread; finish() makes sure it is called once.
  finish({grpc::StatusCode::UNAUTHENTICATED, message});
}

void EventStream::send(std::vector<storage::EventRecord> batch) {
  auto encoded = encode_batch(batch);
  response_.Swap(&encoded);
  StartWrite(&response_);
}

void EventStream::OnReadDone(bool ok) {
  const auto in_callback = order_.callback();
  // Waits out a deadline firing at this moment; a started stream that idles stays.
  first_frame_.reset();
  if (!ok) return finish(grpc::Status::OK);  // the client closed its side
  v1::SubscribeRequest request;
  if (!grpc::SerializationTraits<v1::SubscribeRequest>::Deserialize(&request_bytes_, &request)
           .ok()) {
    return finish({grpc::StatusCode::INVALID_ARGUMENT, "a Subscribe frame did not parse"});
  }
  if (!started_) {
    started_ = true;
    if (request.since_seq() < 0) {
      return finish({grpc::StatusCode::INVALID_ARGUMENT, "since_seq must not be negative"});
    }
    if (finished_) return;  // cancelled while this first frame was on its way
    // Registered before the replay reads SQLite, so nothing committed meanwhile is missed.
    hub_.add(subscription_);
    // The replay's first reads and the presence snapshot touch SQLite: not on a gRPC
    // thread. The task holds only what outlives this stream.
    boost::asio::post(pool_, [subscription = subscription_, lease = lease_, &presence = presence_,
                              session = session_, since = request.since_seq()] {
      // Contacts hear that this member came online before this stream's own reads: their
      // wait should not include the replay's first page and the snapshot.
      {
        std::lock_guard lock(lease->mu);
        if (!lease->closed) {
          lease->opened = true;
          presence.stream_opened(session);
        }
      }
      subscription->start(since);
      // Where each contact stands now; changes follow as they happen.
      for (const auto& e : presence.snapshot_for(session.account_id)) {
        subscription->publish_ephemeral(e);
      }
    });
  }
  if (request.ack_seq() < 0) {
    return finish({grpc::StatusCode::INVALID_ARGUMENT, "ack_seq must not be negative"});
  }
  if (request.ack_seq() > 0) messaging_.ack_coalesced(session_, request.ack_seq());
  StartRead(&request_bytes_);
}

void EventStream::OnWriteDone(bool ok) {
  const auto in_callback = order_.callback();
  response_.Clear();  // an idle stream keeps no copy of what it last sent
  if (!ok) return finish(grpc::Status::OK);
  subscription_->on_sent();
}

void EventStream::OnCancel() {
  const auto in_callback = order_.callback();
  finish(grpc::Status::CANCELLED);
}

void EventStream::finish(const grpc::Status& status) {
  if (finished_.exchange(true)) return;
  // No write may start once Finish is called.
  subscription_->close();
  hub_.remove(subscription_);
  Finish(status);
}

void EventStream::OnDone() {
  const auto done = order_.done();
  streams_.remove(this);
  subscription_->close();
  hub_.remove(subscription_);
  hub_.release(session_.account_id, address_);
  {
    std::lock_guard lock(lease_->mu);
    lease_->closed = true;
    if (lease_->opened) presence_.stream_closed(session_);
  }
  delete this;
}

}  // namespace souk::rpc
