#pragma once

#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "server/domain/event_queue.hpp"
#include "server/domain/event_sink.hpp"
#include "server/storage/reader_pool.hpp"

namespace souk::domain {

// One device's view of its user's event log: replays what the device missed from SQLite,
// then hands over to live events without a gap or a duplicate.
//
// Live events are registered before the replay reads, so anything committed after the
// last replay read is in the live queue; anything both read and queued is dropped by seq.
// A hole in the live queue (events lost to overflow, or published out of order) sends the
// subscription back to reading SQLite, so the log, not memory, is always the truth.
class Subscription : public std::enable_shared_from_this<Subscription> {
 public:
  struct Limits {
    int replay_page = 512;
    size_t batch_bytes = 4 << 20;  // also bounds each replay read from SQLite
    // Past either bound the queue is dropped and the device reads from SQLite instead. A
    // single event larger than max_queued_bytes still waits alone, so none is ever stuck.
    size_t max_queued = 20'000;
    size_t max_queued_bytes = 64 << 20;
  };

  Subscription(int64_t account_id, EventSink& sink, storage::ReaderPool& readers,
               boost::asio::thread_pool& pool, Limits limits);

  int64_t account_id() const { return account_id_; }

  void start(int64_t since_seq);
  // Committed events of this user, in seq order; called after each commit.
  void publish(const std::vector<storage::EventRecord>& events);
  // Events that are never stored (typing, presence); sent once the replay is done.
  void publish_ephemeral(const storage::EventRecord& event);
  // The sink finished the last batch.
  void on_sent();
  // After this returns the sink is never called again.
  void close();

 private:
  enum class Mode { kIdle, kReplaying, kLive };

  void schedule_replay();
  void replay_step();
  // With mu_ held: picks the next live batch, or switches to replay on a hole.
  std::vector<storage::EventRecord> take_live_batch();
  // With mu_ held and nothing in flight: the next live batch, or a replay step.
  void send_next(std::unique_lock<std::mutex>& lock);
  void deliver(std::vector<storage::EventRecord> batch);
  // With mu_ held: drops the front of the live queue.
  void pop_queued();

  const int64_t account_id_;
  storage::ReaderPool& readers_;
  boost::asio::thread_pool& pool_;
  const Limits limits_;

  std::mutex mu_;
  Mode mode_ = Mode::kIdle;
  bool in_flight_ = false;
  bool replay_scheduled_ = false;
  bool closed_ = false;
  int64_t last_sent_seq_ = 0;
  uint64_t overflows_ = 0;  // times the live queue was dropped
  EventQueue queued_;
  size_t queued_bytes_ = 0;

  // Separate from mu_, so that close() can wait out a send in progress without holding up
  // publishers. A sink must not call on_sent() from inside send().
  std::mutex sink_mu_;
  EventSink* sink_;
};

}  // namespace souk::domain
