#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/clock.hpp"
#include "server/domain/files.hpp"
#include "server/storage/writer.hpp"

namespace souk::app {

struct RetentionPolicy {
  int event_days = 0;    // 0: keep forever
  int message_days = 0;  // 0: keep forever
};

// Trims the event log and messages past their retention, at start and then hourly.
// A device that resumes from a trimmed seq is told to resync (see Subscription).
// Files that went with their messages (no message left carrying them) go too: their rows,
// which gives their owners' quota back, and then their blobs if no other file shares them.
class Retention {
 public:
  Retention(boost::asio::io_context& io, storage::Writer& writer, const Clock& clock,
            RetentionPolicy policy, domain::Files& files);
  void stop();

 private:
  void run_once();
  void schedule();

  boost::asio::steady_timer timer_;
  storage::Writer& writer_;
  const Clock& clock_;
  RetentionPolicy policy_;
  domain::Files& files_;
};

}  // namespace souk::app
