#include "server/domain/commit_then_publish.hpp"

#include <memory>
#include <utility>

namespace souk::domain {

void commit_then_publish(storage::Writer& writer, EventHub& hub, DeliveringChange change,
                         std::function<void(Status)> reply) {
  auto delivery = std::make_shared<EventHub::Delivery>();
  writer.submit([change = std::move(change),
                 delivery](storage::Database& db) -> Status { return change(db, *delivery); },
                [&hub, delivery, reply = std::move(reply)](Status s) {
                  if (s.ok() && !delivery->empty()) hub.publish(std::move(*delivery));
                  reply(s);
                });
}

}  // namespace souk::domain
