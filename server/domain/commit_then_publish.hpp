#pragma once

#include <functional>

#include "common/status.hpp"
#include "server/domain/event_hub.hpp"
#include "server/storage/writer.hpp"

namespace souk::domain {

using DeliveringChange = std::function<Status(storage::Database&, EventHub::Delivery&)>;

// The one way a write reaches live streams: `change` runs inside the writer's transaction
// and lists the events it appended; they are published only after that transaction has
// committed (a rolled-back change must never have been seen), then `reply` is called.
void commit_then_publish(storage::Writer& writer, EventHub& hub, DeliveringChange change,
                         std::function<void(Status)> reply);

}  // namespace souk::domain
