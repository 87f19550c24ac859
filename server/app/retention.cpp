#include "server/app/retention.hpp"

#include <spdlog/spdlog.h>

#include "server/storage/event_repository.hpp"
#include "server/storage/file_repository.hpp"

namespace souk::app {

namespace {
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr auto kInterval = std::chrono::hours(1);
}  // namespace

Retention::Retention(boost::asio::io_context& io, storage::Writer& writer, const Clock& clock,
                     RetentionPolicy policy, domain::Files& files)
    : timer_(io), writer_(writer), clock_(clock), policy_(policy), files_(files) {
  if (policy_.event_days == 0 && policy_.message_days == 0) return;
  run_once();
  schedule();
}

void Retention::stop() {
  timer_.cancel();
}

void Retention::schedule() {
  timer_.expires_after(kInterval);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    run_once();
    schedule();
  });
}

void Retention::run_once() {
  const int64_t now = clock_.now_ms();
  const auto policy = policy_;
  auto unused_blobs = std::make_shared<std::vector<std::string>>();
  writer_.submit(
      [now, policy, unused_blobs](storage::Database& db) -> Status {
        int events = 0;
        int messages = 0;
        if (policy.event_days > 0) {
          events = storage::delete_events_before(db, now - policy.event_days * kDayMs);
        }
        if (policy.message_days > 0) {
          const int64_t cutoff = now - policy.message_days * kDayMs;
          const auto carried = storage::files_of_messages_before(db, cutoff);
          messages = storage::delete_messages_before(db, cutoff);
          *unused_blobs = storage::delete_unreferenced_files(db, carried);
        }
        if (events + messages > 0) {
          spdlog::info("retention removed {} events and {} messages", events, messages);
        }
        return Status::Ok();
      },
      // On the writer's completion strand, right after the commit: see Files::remove_blobs.
      [this, unused_blobs](Status s) {
        if (!s.ok()) return spdlog::error("retention failed: {}", s.message());
        if (!unused_blobs->empty()) files_.remove_blobs(*unused_blobs);
      });
}

}  // namespace souk::app
