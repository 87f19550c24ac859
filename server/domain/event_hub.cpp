#include "server/domain/event_hub.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <map>

namespace souk::domain {

void EventHub::add(const std::shared_ptr<Subscription>& subscription) {
  std::lock_guard lock(mu_);
  by_account_[subscription->account_id()].push_back(subscription);
}

void EventHub::remove(const std::shared_ptr<Subscription>& subscription) {
  std::lock_guard lock(mu_);
  auto it = by_account_.find(subscription->account_id());
  if (it == by_account_.end()) return;
  std::erase(it->second, subscription);
  if (it->second.empty()) by_account_.erase(it);
}

std::vector<std::shared_ptr<Subscription>> EventHub::streams_of(int64_t account_id) const {
  std::lock_guard lock(mu_);
  auto it = by_account_.find(account_id);
  return it == by_account_.end() ? std::vector<std::shared_ptr<Subscription>>{} : it->second;
}

size_t EventHub::live_streams(int64_t account_id) const {
  return streams_of(account_id).size();
}

void EventHub::publish(Delivery committed) {
  boost::asio::post(strand_, [this, committed = std::move(committed)] {
    // One call per user keeps each stream's batches large.
    std::map<int64_t, std::vector<storage::EventRecord>> per_account;
    for (const auto& [account, event] : committed) per_account[account].push_back(event);
    for (const auto& [account, events] : per_account) {
      for (const auto& stream : streams_of(account)) stream->publish(events);
    }
  });
}

void EventHub::publish_ephemeral(int64_t account_id, storage::EventRecord event) {
  boost::asio::post(strand_, [this, account_id, event = std::move(event)] {
    for (const auto& stream : streams_of(account_id)) stream->publish_ephemeral(event);
  });
}

}  // namespace souk::domain

namespace souk::domain {

void EventHub::publish_ephemeral(std::vector<int64_t> account_ids, storage::EventRecord event) {
  boost::asio::post(strand_, [this, ids = std::move(account_ids), event = std::move(event)] {
    std::vector<std::shared_ptr<Subscription>> streams;
    {
      std::lock_guard lock(mu_);
      for (const int64_t id : ids) {
        auto it = by_account_.find(id);
        if (it != by_account_.end())
          streams.insert(streams.end(), it->second.begin(), it->second.end());
      }
    }
    for (const auto& stream : streams) stream->publish_ephemeral(event);
  });
}

}  // namespace souk::domain
