#include "server/domain/presence.hpp"

#include <boost/asio/post.hpp>

#include <spdlog/spdlog.h>

#include "common/validation.hpp"

namespace souk::domain {

using storage::Database;
using storage::EventKind;
using storage::EventRecord;

Presence::Presence(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
                   EventHub& hub, boost::asio::thread_pool& pool, PresenceSettings settings)
    : writer_(writer),
      readers_(readers),
      clock_(clock),
      hub_(hub),
      settings_(settings),
      timer_(pool),
      tracker_({settings.grace_ms, settings.idle_ms, settings.tracked_limit}) {
  schedule_tick();
}

void Presence::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  timer_.cancel();
}

std::optional<storage::UserRow> Presence::stored_if_unknown(int64_t user) {
  {
    std::lock_guard lock(mu_);
    if (tracker_.known(user)) return std::nullopt;
  }
  return readers_.with([&](Database& db) { return storage::find_user(db, user); });
}

bool Presence::ensure_loaded(int64_t user, const std::string& member_id,
                             const std::optional<storage::UserRow>& stored) {
  if (!tracker_.known(user)) {
    if (!tracker_.has_room_for(user)) {
      if (!full_logged_) {
        spdlog::warn("presence: {} members followed (presence_tracked_limit); more show offline",
                     tracker_.tracked());
      }
      full_logged_ = true;
      return false;
    }
    full_logged_ = false;
    // A row read before the lock may be older than a choice committed since; that choice's
    // completion applies it to the tracker after this load, so the tracker ends right.
    auto row =
        stored ? stored : readers_.with([&](Database& db) { return storage::find_user(db, user); });
    if (row) {
      tracker_.load(user, static_cast<PresenceState>(row->presence_state), row->status_text,
                    row->last_seen_ms);
    }
  }
  member_ids_.emplace(user, member_id);
  return true;
}

void Presence::stream_opened(const Session& who) {
  bool changed = false;
  const auto stored = stored_if_unknown(who.account_id);
  {
    std::lock_guard lock(mu_);
    // Without room the stream still works; this member shows as storage has them.
    if (!ensure_loaded(who.account_id, who.member_id, stored)) return;
    changed = tracker_.stream_opened(who.account_id, clock_.now_ms());
  }
  if (changed) announce(who.account_id);
}

void Presence::stream_closed(const Session& who) {
  std::lock_guard lock(mu_);
  tracker_.stream_closed(who.account_id, clock_.now_ms());
}

void Presence::activity(const Session& who) {
  bool changed = false;
  const auto stored = stored_if_unknown(who.account_id);
  {
    std::lock_guard lock(mu_);
    if (!ensure_loaded(who.account_id, who.member_id, stored)) return;
    changed = tracker_.activity(who.account_id, clock_.now_ms());
  }
  if (changed) announce(who.account_id);
}

void Presence::choose(const Session& who, int state, std::string text, Reply<PresenceView> reply) {
  if (state < static_cast<int>(PresenceState::kOnline) ||
      state > static_cast<int>(PresenceState::kInvisible)) {
    return reply(invalid_argument("presence must be online, busy, away or invisible"));
  }
  if (!text.empty()) {
    if (auto s = validate_text_field(text, "status text", kStatusTextMaxChars); !s.ok()) {
      return reply(s);
    }
  }
  {
    std::lock_guard lock(mu_);
    // Refused before anything is stored: a choice that could not be shown is not made.
    if (!tracker_.has_room_for(who.account_id)) return reply(storage::Writer::busy());
  }
  writer_.submit(
      [account = who.account_id, state, text](Database& db) -> Status {
        storage::set_presence_choice(db, account, state, text);
        return Status::Ok();
      },
      [this, who, state, text, reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        bool changed = false;
        PresenceView view;
        {
          std::lock_guard lock(mu_);
          if (ensure_loaded(who.account_id, who.member_id)) {
            changed = tracker_.choose(who.account_id, static_cast<PresenceState>(state), text,
                                      clock_.now_ms());
            view = tracker_.view(who.account_id);
          }
        }
        if (changed) announce(who.account_id);
        reply(view);
      });
}

PresenceView Presence::visible_to(int64_t viewer, const storage::UserRow& target) {
  const bool blocked =
      readers_.with([&](Database& db) { return storage::is_blocked(db, target.id, viewer); });
  if (blocked) return {};
  std::lock_guard lock(mu_);
  if (tracker_.known(target.id)) return tracker_.view(target.id);
  if (target.presence_state == static_cast<int>(PresenceState::kInvisible)) return {};
  return {PresenceState::kOffline, "", target.last_seen_ms};
}

EventRecord Presence::event_for(int64_t user, const std::string& member_id,
                                const PresenceView& view) const {
  EventRecord e;
  e.kind = EventKind::kPresence;
  e.actor_id = user;
  e.actor_member_id = member_id;
  e.value = static_cast<int64_t>(view.state);
  e.text = view.status_text;
  e.extra = view.last_seen_ms;
  e.created_at_ms = clock_.now_ms();
  return e;
}

std::vector<EventRecord> Presence::snapshot_for(int64_t viewer) {
  auto contacts = readers_.with([&](Database& db) { return storage::contacts_of(db, viewer); });
  std::vector<EventRecord> out;
  for (const auto& [row, group] : contacts) {
    out.push_back(event_for(row.id, row.member_id, visible_to(viewer, row)));
  }
  return out;
}

void Presence::tell(int64_t viewer, const storage::UserRow& target) {
  if (hub_.live_streams(viewer) == 0) return;
  hub_.publish_ephemeral(viewer,
                         event_for(target.id, target.member_id, visible_to(viewer, target)));
}

void Presence::announce(int64_t user) {
  PresenceView view;
  std::string member_id;
  {
    std::lock_guard lock(mu_);
    view = tracker_.view(user);
    member_id = member_ids_[user];
  }
  if (view.state == PresenceState::kOffline && view.last_seen_ms > 0) {
    writer_.submit(
        [user, seen = view.last_seen_ms](Database& db) -> Status {
          storage::set_last_seen(db, user, seen);
          return Status::Ok();
        },
        nullptr);
  }
  auto audience = readers_.with([&](Database& db) { return storage::presence_audience(db, user); });
  // Members without a live stream are skipped by the hub: offline, they get the snapshot
  // when they next subscribe.
  hub_.publish_ephemeral(std::move(audience), event_for(user, member_id, view));
}

void Presence::schedule_tick() {
  timer_.expires_after(std::chrono::milliseconds(settings_.tick_ms));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_tick();
  });
}

void Presence::on_tick() {
  std::vector<int64_t> changed;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    changed = tracker_.tick(clock_.now_ms());
  }
  for (const int64_t user : changed) announce(user);
  std::lock_guard lock(mu_);
  // After the announcements, which read the views of those who just went offline.
  for (const int64_t user : tracker_.forget_offline()) member_ids_.erase(user);
  if (!stopped_) schedule_tick();
}

}  // namespace souk::domain
