#include "server/domain/event_hub.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/post.hpp>
#include <unordered_map>

namespace souk::domain {

EventHub::EventHub(boost::asio::thread_pool& pool, StreamSettings settings) : settings_(settings) {
  for (auto& shard : shards_) shard = std::make_unique<Shard>(pool);
}

Status EventHub::admit(int64_t account_id, const std::string& address) {
  std::lock_guard lock(admitted_mu_);
  const auto count = [](const auto& map, const auto& key) {
    auto it = map.find(key);
    return it == map.end() ? 0 : it->second;
  };
  if (count(admitted_by_account_, account_id) >= settings_.max_streams_per_user) {
    return resource_exhausted("this member already has " +
                              std::to_string(settings_.max_streams_per_user) +
                              " event streams open (max_streams_per_user); close one first");
  }
  if (count(admitted_by_address_, address) >= settings_.max_streams_per_address) {
    return resource_exhausted("this address already has " +
                              std::to_string(settings_.max_streams_per_address) +
                              " event streams open (max_streams_per_address); close one first");
  }
  ++admitted_by_account_[account_id];
  ++admitted_by_address_[address];
  return Status::Ok();
}

void EventHub::release(int64_t account_id, const std::string& address) {
  std::lock_guard lock(admitted_mu_);
  if (auto it = admitted_by_account_.find(account_id);
      it != admitted_by_account_.end() && --it->second <= 0) {
    admitted_by_account_.erase(it);
  }
  if (auto it = admitted_by_address_.find(address);
      it != admitted_by_address_.end() && --it->second <= 0) {
    admitted_by_address_.erase(it);
  }
}

Subscription::Limits EventHub::subscription_limits() const {
  Subscription::Limits limits;
  limits.batch_bytes = settings_.page_bytes;
  limits.max_queued = settings_.max_queued_events;
  limits.max_queued_bytes = settings_.max_queued_bytes;
  return limits;
}

void EventHub::add(const std::shared_ptr<Subscription>& subscription) {
  auto& shard = shard_of(subscription->account_id());
  std::lock_guard lock(shard.mu);
  shard.by_account[subscription->account_id()].push_back(subscription);
}

void EventHub::remove(const std::shared_ptr<Subscription>& subscription) {
  auto& shard = shard_of(subscription->account_id());
  std::lock_guard lock(shard.mu);
  auto it = shard.by_account.find(subscription->account_id());
  if (it == shard.by_account.end()) return;
  std::erase(it->second, subscription);
  if (it->second.empty()) shard.by_account.erase(it);
}

EventHub::Streams EventHub::Shard::streams_of(int64_t account_id) const {
  std::lock_guard lock(mu);
  auto it = by_account.find(account_id);
  return it == by_account.end() ? Streams{} : it->second;
}

size_t EventHub::live_streams(int64_t account_id) const {
  return shard_of(account_id).streams_of(account_id).size();
}

void EventHub::publish(Delivery committed) {
  // Split in commit order, so that each shard's part keeps it.
  std::array<Delivery, kShards> parts;
  for (auto& item : committed) parts[shard_index(item.first)].push_back(std::move(item));
  for (size_t i = 0; i < kShards; ++i) {
    if (parts[i].empty()) continue;
    Shard& shard = *shards_[i];
    boost::asio::post(shard.strand, [&shard, part = std::move(parts[i])] {
      // One call per user keeps each stream's batches large.
      std::unordered_map<int64_t, std::vector<storage::EventRecord>> per_account;
      for (const auto& [account, event] : part) per_account[account].push_back(event);
      for (const auto& [account, events] : per_account) {
        for (const auto& stream : shard.streams_of(account)) stream->publish(events);
      }
    });
  }
}

void EventHub::publish_ephemeral(int64_t account_id, storage::EventRecord event) {
  Shard& shard = shard_of(account_id);
  boost::asio::post(shard.strand, [&shard, account_id, event = std::move(event)] {
    for (const auto& stream : shard.streams_of(account_id)) stream->publish_ephemeral(event);
  });
}

void EventHub::publish_ephemeral(std::vector<int64_t> account_ids, storage::EventRecord event) {
  std::array<std::vector<int64_t>, kShards> parts;
  for (const int64_t id : account_ids) parts[shard_index(id)].push_back(id);
  const auto shared = std::make_shared<const storage::EventRecord>(std::move(event));
  for (size_t i = 0; i < kShards; ++i) {
    if (parts[i].empty()) continue;
    Shard& shard = *shards_[i];
    boost::asio::post(shard.strand, [&shard, ids = std::move(parts[i]), shared] {
      Streams streams;
      {
        std::lock_guard lock(shard.mu);
        for (const int64_t id : ids) {
          auto it = shard.by_account.find(id);
          if (it != shard.by_account.end())
            streams.insert(streams.end(), it->second.begin(), it->second.end());
        }
      }
      for (const auto& stream : streams) stream->publish_ephemeral(*shared);
    });
  }
}

}  // namespace souk::domain
