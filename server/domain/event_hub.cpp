#include "server/domain/event_hub.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <map>

namespace souk::domain {

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
