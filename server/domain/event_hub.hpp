#pragma once

#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.hpp"
#include "server/domain/subscription.hpp"

namespace souk::domain {

// What one caller's live streams may hold (see docs/SECURITY.md, "Memory per caller").
struct StreamSettings {
  int max_streams_per_user = 16;
  int max_streams_per_address = 1024;  // one office behind NAT: 64 members at the full 16
  size_t max_queued_bytes = 64 << 20;  // live events waiting for one slow device
  size_t max_queued_events = 20'000;
  size_t page_bytes = 4 << 20;  // text per replay batch
};

// Every live stream, by user. Committed events are handed to it in commit order, and each
// user's streams see their log's seqs ascending.
//
// Users are spread over shards by account id, each with its own strand and its own map:
// handing an event to a stream starts that stream's write, so one strand for everyone
// would make a change seen by 5,000 members one thread's 5,000 writes in a row. A user's
// events all go through their shard's strand, which keeps them in order.
class EventHub {
 public:
  explicit EventHub(boost::asio::thread_pool& pool, StreamSettings settings = {});

  // A stream about to open counts against its user's and its address's caps from here
  // until release(); RESOURCE_EXHAUSTED, naming the limit, when either is full.
  Status admit(int64_t account_id, const std::string& address);
  void release(int64_t account_id, const std::string& address);
  Subscription::Limits subscription_limits() const;

  void add(const std::shared_ptr<Subscription>& subscription);
  void remove(const std::shared_ptr<Subscription>& subscription);

  using Delivery = std::vector<std::pair<int64_t, storage::EventRecord>>;  // (account, event)
  // Call from the writer's completion, in commit order.
  void publish(Delivery committed);
  void publish_ephemeral(int64_t account_id, storage::EventRecord event);
  // The same event to many users' live streams, in one pass per shard (presence to all
  // contacts).
  void publish_ephemeral(std::vector<int64_t> account_ids, storage::EventRecord event);

  size_t live_streams(int64_t account_id) const;

 private:
  // More shards than worker threads, so that one busy shard does not hold a thread that
  // another shard's streams could use.
  static constexpr size_t kShards = 8;
  using Streams = std::vector<std::shared_ptr<Subscription>>;
  struct Shard {
    explicit Shard(boost::asio::thread_pool& pool) : strand(boost::asio::make_strand(pool)) {}
    boost::asio::strand<boost::asio::thread_pool::executor_type> strand;
    mutable std::mutex mu;
    std::unordered_map<int64_t, Streams> by_account;
    Streams streams_of(int64_t account_id) const;
  };
  static size_t shard_index(int64_t account_id) {
    return static_cast<size_t>(static_cast<uint64_t>(account_id) % kShards);
  }
  Shard& shard_of(int64_t account_id) const { return *shards_[shard_index(account_id)]; }

  std::array<std::unique_ptr<Shard>, kShards> shards_;
  const StreamSettings settings_;
  std::mutex admitted_mu_;
  std::unordered_map<int64_t, int> admitted_by_account_;
  std::unordered_map<std::string, int> admitted_by_address_;
};

}  // namespace souk::domain
