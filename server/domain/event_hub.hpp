#pragma once

#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "server/domain/subscription.hpp"

namespace souk::domain {

// Every live stream, by user. Committed events are handed to it in commit order, on one
// strand, so that each user's streams see their log's seqs ascending.
class EventHub {
 public:
  explicit EventHub(boost::asio::thread_pool& pool) : strand_(boost::asio::make_strand(pool)) {}

  void add(const std::shared_ptr<Subscription>& subscription);
  void remove(const std::shared_ptr<Subscription>& subscription);

  using Delivery = std::vector<std::pair<int64_t, storage::EventRecord>>;  // (account, event)
  // Call from the writer's completion, in commit order.
  void publish(Delivery committed);
  void publish_ephemeral(int64_t account_id, storage::EventRecord event);
  // The same event to many users' live streams, in one pass (presence to all contacts).
  void publish_ephemeral(std::vector<int64_t> account_ids, storage::EventRecord event);

  size_t live_streams(int64_t account_id) const;

 private:
  std::vector<std::shared_ptr<Subscription>> streams_of(int64_t account_id) const;

  boost::asio::strand<boost::asio::thread_pool::executor_type> strand_;
  mutable std::mutex mu_;
  std::unordered_map<int64_t, std::vector<std::shared_ptr<Subscription>>> by_account_;
};

}  // namespace souk::domain
