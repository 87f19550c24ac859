#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <mutex>
#include <optional>
#include <unordered_map>

#include "common/clock.hpp"
#include "server/domain/accounts.hpp"
#include "server/domain/event_hub.hpp"
#include "server/domain/presence_tracker.hpp"
#include "server/storage/contact_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"

namespace souk::domain {

inline constexpr size_t kStatusTextMaxChars = 128;

struct PresenceSettings {
  int64_t grace_ms = 10'000;
  int64_t idle_ms = 5 * 60'000;
  int64_t tick_ms = 500;           // how often grace periods and idleness are checked
  size_t tracked_limit = 100'000;  // members followed at once; see PresenceTracker
};

// Runs the PresenceTracker on real time (a Boost.Asio timer), stores what users choose,
// and tells each change to the audience that may see it: online members who have the user
// as a contact and are not blocked by them.
class Presence {
 public:
  Presence(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock, EventHub& hub,
           boost::asio::thread_pool& pool, PresenceSettings settings);

  void stream_opened(const Session& who);
  void stream_closed(const Session& who);
  void activity(const Session& who);
  // state: online, busy, away or invisible. Replies with what others now see.
  void choose(const Session& who, int state, std::string text, Reply<PresenceView> reply);

  // What `viewer` may see of `target` (whose stored row is given).
  PresenceView visible_to(int64_t viewer, const storage::UserRow& target);
  // Presence events for every contact of `viewer`, for a stream that just opened.
  std::vector<storage::EventRecord> snapshot_for(int64_t viewer);
  // Tells `viewer` what it may now see of `target`, after a contact or block change.
  void tell(int64_t viewer, const storage::UserRow& target);
  void stop();

 private:
  // The stored row of a user the tracker does not follow yet, read without holding mu_,
  // so that many streams opening at once do not read SQLite one at a time under the lock.
  std::optional<storage::UserRow> stored_if_unknown(int64_t user);
  // With mu_ held. False when the tracker has no room for `user`. Loads `stored` if given,
  // else reads the row.
  bool ensure_loaded(int64_t user, const std::string& member_id,
                     const std::optional<storage::UserRow>& stored = std::nullopt);
  void announce(int64_t user);
  storage::EventRecord event_for(int64_t user, const std::string& member_id,
                                 const PresenceView& view) const;
  void schedule_tick();
  void on_tick();

  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  EventHub& hub_;
  PresenceSettings settings_;
  boost::asio::steady_timer timer_;

  std::mutex mu_;
  PresenceTracker tracker_;
  std::unordered_map<int64_t, std::string> member_ids_;
  bool stopped_ = false;
  bool full_logged_ = false;  // the tracker's limit was reported since it last had room
};

}  // namespace souk::domain
