#include "server/domain/subscription.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

#include "server/storage/event_repository.hpp"

namespace souk::domain {

using storage::EventRecord;

namespace {

size_t event_bytes(const EventRecord& e) {
  return 64 + (e.message ? e.message->text.size() : 0) +
         (e.translation ? e.translation->text.size() : 0);
}

}  // namespace

void Subscription::pop_queued() {
  queued_bytes_ -= std::min(queued_bytes_, event_bytes(queued_.front()));
  queued_.pop_front();
}

Subscription::Subscription(int64_t account_id, EventSink& sink, storage::ReaderPool& readers,
                           boost::asio::thread_pool& pool, Limits limits)
    : account_id_(account_id), readers_(readers), pool_(pool), limits_(limits), sink_(&sink) {}

void Subscription::start(int64_t since_seq) {
  since_seq = std::max<int64_t>(since_seq, 0);
  const auto [oldest, last] = readers_.with([&](storage::Database& db) {
    return std::pair{storage::oldest_event_seq(db, account_id_),
                     storage::last_event_seq(db, account_id_)};
  });
  std::lock_guard lock(mu_);
  last_sent_seq_ = since_seq;
  mode_ = Mode::kReplaying;
  // A log trimmed by retention (even wholly: then there is no oldest row), or a client that
  // remembers a log this server never had: say so first, then replay what there is.
  const int64_t first_available = oldest > 0 ? oldest : last + 1;
  const bool unknown_future = since_seq > last;
  const bool trimmed = first_available > since_seq + 1;
  if (since_seq > 0 && (unknown_future || trimmed)) {
    EventRecord resync;
    resync.kind = storage::EventKind::kResyncRequired;
    resync.value = first_available;
    last_sent_seq_ = first_available - 1;
    in_flight_ = true;
    boost::asio::post(pool_, [self = shared_from_this(), resync] { self->deliver({resync}); });
    return;
  }
  schedule_replay();
}

void Subscription::schedule_replay() {
  if (replay_scheduled_ || in_flight_ || closed_) return;
  replay_scheduled_ = true;
  boost::asio::post(pool_, [self = shared_from_this()] { self->replay_step(); });
}

void Subscription::replay_step() {
  int64_t after = 0;
  uint64_t overflows = 0;
  {
    // replay_scheduled_ stays set while this step reads, so no second step can start and
    // send a batch of its own beside this one's.
    std::lock_guard lock(mu_);
    if (closed_) return;
    after = last_sent_seq_;
    overflows = overflows_;
  }
  auto events = readers_.with([&](storage::Database& db) {
    return storage::read_events(db, account_id_, after, limits_.replay_page, limits_.batch_bytes);
  });

  std::unique_lock lock(mu_);
  replay_scheduled_ = false;
  if (closed_ || in_flight_ || mode_ != Mode::kReplaying || last_sent_seq_ != after) return;
  std::vector<EventRecord> batch;
  if (!events.empty()) {
    size_t bytes = 0;
    for (auto& e : events) {
      if (!batch.empty() && bytes + event_bytes(e) > limits_.batch_bytes) break;
      bytes += event_bytes(e);
      batch.push_back(std::move(e));
    }
    last_sent_seq_ = batch.back().seq;
  } else if (overflows_ != overflows) {
    // Live events were dropped while this read ran; they may be past what it saw.
    schedule_replay();
    return;
  } else {
    mode_ = Mode::kLive;  // caught up with everything committed before this read
    batch = take_live_batch();
  }
  if (batch.empty()) {
    if (mode_ == Mode::kReplaying) schedule_replay();
    return;
  }
  in_flight_ = true;
  lock.unlock();
  deliver(std::move(batch));
}

std::vector<EventRecord> Subscription::take_live_batch() {
  while (!queued_.empty() && queued_.front().seq != 0 && queued_.front().seq <= last_sent_seq_) {
    pop_queued();
  }
  std::vector<EventRecord> batch;
  size_t bytes = 0;
  while (!queued_.empty()) {
    auto& next = queued_.front();
    if (next.seq != 0 && next.seq != last_sent_seq_ + 1) {
      if (batch.empty()) mode_ = Mode::kReplaying;  // a hole: SQLite has what is missing
      break;
    }
    if (!batch.empty() && bytes + event_bytes(next) > limits_.batch_bytes) break;
    bytes += event_bytes(next);
    if (next.seq != 0) last_sent_seq_ = next.seq;
    queued_bytes_ -= std::min(queued_bytes_, event_bytes(next));
    batch.push_back(std::move(next));
    queued_.pop_front();
  }
  return batch;
}

void Subscription::publish(const std::vector<EventRecord>& events) {
  std::unique_lock lock(mu_);
  if (closed_) return;
  // Queued even before start(): the handover relies on it.
  for (const auto& e : events) {
    queued_bytes_ += event_bytes(e);
    queued_.push_back(e);
  }
  if (queued_.size() > limits_.max_queued ||
      (queued_.size() > 1 && queued_bytes_ > limits_.max_queued_bytes)) {
    // A device that cannot keep up reads from SQLite later instead of growing memory.
    // Before start() there is nothing to switch: its replay reads SQLite anyway.
    queued_.clear();
    queued_bytes_ = 0;
    ++overflows_;
    if (mode_ == Mode::kLive) mode_ = Mode::kReplaying;
  }
  if (in_flight_ || mode_ == Mode::kIdle) return;
  send_next(lock);
}

void Subscription::publish_ephemeral(const EventRecord& event) {
  // Queued even while replaying: a presence snapshot or change must not be lost, and it
  // goes out after the replay, which is when the device can use it.
  publish({event});
}

void Subscription::on_sent() {
  std::unique_lock lock(mu_);
  in_flight_ = false;
  if (closed_) return;
  send_next(lock);
}

void Subscription::send_next(std::unique_lock<std::mutex>& lock) {
  if (mode_ == Mode::kReplaying) return schedule_replay();
  auto batch = take_live_batch();
  if (batch.empty()) {
    if (mode_ == Mode::kReplaying) schedule_replay();
    return;
  }
  in_flight_ = true;
  lock.unlock();
  deliver(std::move(batch));
}

void Subscription::deliver(std::vector<EventRecord> batch) {
  std::lock_guard lock(sink_mu_);
  if (sink_ != nullptr) sink_->send(std::move(batch));
}

void Subscription::close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    queued_.clear();
    queued_bytes_ = 0;
  }
  std::lock_guard lock(sink_mu_);
  sink_ = nullptr;
}

}  // namespace souk::domain
