#pragma once

#include <vector>

#include "server/storage/chat_records.hpp"

namespace souk::domain {

// Where a subscription's events go: one device's live stream. At most one batch is
// outstanding; the sink reports completion through Subscription::on_sent().
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void send(std::vector<storage::EventRecord> batch) = 0;
};

}  // namespace souk::domain
