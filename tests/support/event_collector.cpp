#include "support/event_collector.hpp"

#include "client/core/channel.hpp"

namespace souk::test {

EventCollector::EventCollector(const std::string& address, const std::string& token,
                               int64_t since_seq, bool ack) {
  auto channel = client::open_channel({address, ""});
  stream_ = std::make_unique<client::EventStream>(*channel, token);
  stream_->open(since_seq, [this, ack](const v1::SubscribeResponse& batch) {
    int64_t high = 0;
    {
      std::lock_guard lock(mu_);
      for (const auto& e : batch.events()) {
        events_.push_back(e);
        high = std::max(high, e.seq());
      }
      changed_.notify_all();
    }
    if (ack && high > 0) stream_->ack(high);
  });
}

EventCollector::~EventCollector() {
  cut();
}

void EventCollector::cut() {
  if (!stream_) return;
  stream_->close();
  (void)stream_->wait();  // how it ended does not matter to a test that cut it
  stream_.reset();
}

bool EventCollector::wait_for(const Predicate& done, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return done(events_); });
}

bool EventCollector::wait_for_messages(size_t n, std::chrono::milliseconds timeout) {
  return wait_for(
      [n](const std::vector<v1::Event>& events) {
        size_t count = 0;
        for (const auto& e : events) count += e.has_message() ? 1 : 0;
        return count >= n;
      },
      timeout);
}

std::vector<v1::Event> EventCollector::events() const {
  std::lock_guard lock(mu_);
  return events_;
}

std::vector<v1::Message> EventCollector::messages() const {
  std::vector<v1::Message> out;
  for (const auto& e : events()) {
    if (e.has_message()) out.push_back(e.message());
  }
  return out;
}

std::vector<v1::Receipt> EventCollector::receipts() const {
  std::vector<v1::Receipt> out;
  for (const auto& e : events()) {
    if (e.has_receipt()) out.push_back(e.receipt());
  }
  return out;
}

int64_t EventCollector::last_seq() const {
  int64_t high = 0;
  for (const auto& e : events()) high = std::max(high, e.seq());
  return high;
}

}  // namespace souk::test
