#include "server/domain/groups.hpp"

#include <set>

#include "common/validation.hpp"
#include "server/domain/contacts.hpp"
#include "server/domain/group_rules.hpp"
#include "server/storage/contact_repository.hpp"
#include "server/storage/conversation_repository.hpp"
#include "server/storage/event_repository.hpp"

namespace souk::domain {

using storage::Database;
using storage::GroupMemberRow;
using storage::GroupRole;
using storage::SystemRecord;
using namespace group_rules;

Result<GroupMemberRow> acting_member(Database& db, int64_t group_id, int64_t account_id) {
  if (!storage::find_group(db, group_id)) return not_found("no such group");
  if (auto me = storage::group_member(db, group_id, account_id)) return *me;
  if (storage::find_departure(db, group_id, account_id)) {
    return permission_denied("you are no longer a member of this group");
  }
  return not_found("no such group");
}

std::optional<storage::GroupListing> listing_for(Database& db, int64_t group_id,
                                                 int64_t account_id) {
  auto group = storage::find_group(db, group_id);
  auto me = storage::group_member(db, group_id, account_id);
  if (!group || !me) return std::nullopt;
  storage::GroupListing l;
  l.group = *group;
  l.my_role = me->role;
  l.read_seq = me->read_seq;
  l.history_from_seq = me->history_from_seq;
  l.member_count = storage::group_member_count(db, group_id);
  l.unread_count = storage::unread_count(db, group_id, account_id, me->read_seq);
  for (const auto& m : storage::group_members(db, group_id)) {
    if (m.role == GroupRole::kOwner) l.owner_member_id = m.member_id;
  }
  return l;
}

Groups::Groups(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
               EventHub& hub, Presence& presence, Messaging& messaging, GroupSettings settings)
    : writer_(writer),
      readers_(readers),
      clock_(clock),
      hub_(hub),
      presence_(presence),
      messaging_(messaging),
      settings_(settings) {}

void Groups::write(DeliveringChange change, std::function<void(Status)> reply) {
  commit_then_publish(writer_, hub_, std::move(change), std::move(reply));
}

void Groups::write_listing(const Session& who, int64_t group_id, DeliveringChange change,
                           Reply<storage::GroupListing> reply) {
  auto listing = std::make_shared<storage::GroupListing>();
  auto id = std::make_shared<int64_t>(group_id);
  write(
      [change = std::move(change), listing, id, who](Database& db, EventHub::Delivery& out) {
        if (auto s = change(db, out); !s.ok()) return s;
        // A create learns its id from the change, through `out`'s first event.
        if (*id == 0 && !out.empty()) *id = out.front().second.conversation_id;
        auto l = listing_for(db, *id, who.account_id);
        if (!l) return internal_error("the group vanished while it was written");
        *listing = std::move(*l);
        return Status::Ok();
      },
      [listing, reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        reply(std::move(*listing));
      });
}

Result<std::vector<storage::UserRow>> Groups::invitees(Database& db, const Session& who,
                                                       const std::vector<std::string>& member_ids) {
  std::vector<storage::UserRow> out;
  std::set<int64_t> seen{who.account_id};
  for (const auto& raw : member_ids) {
    const std::string id = fold_member_id(raw);
    auto user = storage::find_user(db, id);
    if (!user) return not_found("no member with ID '" + id + "'");
    if (!seen.insert(user->id).second) continue;
    if (storage::is_blocked(db, user->id, who.account_id)) {
      return permission_denied("'" + id + "' does not accept group invitations from you");
    }
    if (!storage::is_contact(db, who.account_id, user->id) &&
        Contacts::effective_policy(*user) != ContactPolicy::kOpen) {
      return permission_denied("'" + id +
                               "' is not in your contacts and joins only their contacts' groups");
    }
    out.push_back(std::move(*user));
  }
  return out;
}

int64_t Groups::record(Database& db, int64_t group_id, const Session& actor, SystemRecord change,
                       EventHub::Delivery& out, int64_t seq) {
  const int64_t now = clock_.now_ms();
  if (seq == 0) seq = storage::next_conversation_seq(db, group_id, now);
  auto message = std::make_shared<storage::MessageRecord>();
  message->conversation_id = group_id;
  message->seq = seq;
  message->sender_id = actor.account_id;
  message->sender_member_id = actor.member_id;
  message->client_msg_id = "group-event:" + std::to_string(group_id) + ":" + std::to_string(seq);
  message->text = describe(actor.member_id, change);
  message->created_at_ms = now;
  message->system = std::move(change);
  message->id = storage::insert_message(db, *message);
  storage::load_place(db, *message);

  storage::EventRecord event;
  event.kind = storage::EventKind::kMessage;
  event.conversation_id = group_id;
  event.message = message;
  event.created_at_ms = now;
  for (const auto& member : storage::conversation_members(db, group_id)) {
    storage::EventRecord copy = event;
    copy.seq = storage::append_event(db, member.account_id, copy);
    out.emplace_back(member.account_id, std::move(copy));
  }
  return seq;
}

void Groups::drop_member(Database& db, int64_t group_id, const GroupMemberRow& member,
                         int64_t left_seq) {
  storage::delete_group_member(db, group_id, member.account_id);
  storage::record_departure(db, group_id, member.account_id, {member.history_from_seq, left_seq});
  messaging_.forget_members(group_id);
}

void Groups::create(const Session& who, std::string name, std::vector<std::string> member_ids,
                    int history_visibility, Reply<storage::GroupListing> reply) {
  if (auto s = validate_name(name); !s.ok()) return reply(s);
  auto visibility = visibility_of(history_visibility);
  if (!visibility) return reply(visibility.status());
  if (auto s = validate_member_ids(member_ids, settings_.max_group_members - 1); !s.ok()) {
    return reply(s.code() == Code::kResourceExhausted ? too_many(settings_.max_group_members) : s);
  }
  write_listing(
      who, 0,
      [this, who, name = std::move(name), ids = std::move(member_ids), v = *visibility](
          Database& db, EventHub::Delivery& out) -> Status {
        auto users = invitees(db, who, ids);
        if (!users) return users.status();
        if (static_cast<int>(users->size()) + 1 > settings_.max_group_members) {
          return too_many(settings_.max_group_members);
        }
        const int64_t now = clock_.now_ms();
        const int64_t id = storage::create_group_conversation(db, name, v, now);
        storage::insert_group_member(db, id, {who.account_id, GroupRole::kOwner, 0, 0, 0, now});
        for (const auto& u : *users) {
          storage::insert_group_member(db, id, {u.id, GroupRole::kMember, 0, 0, 0, now});
        }
        record(db, id, who, {kCreated, "", name}, out);
        return Status::Ok();
      },
      std::move(reply));
}

void Groups::add_members(const Session& who, int64_t group_id, std::vector<std::string> member_ids,
                         Reply<storage::GroupListing> reply) {
  if (auto s = validate_group_id(group_id); !s.ok()) return reply(s);
  if (member_ids.empty()) return reply(invalid_argument("name at least one member to add"));
  if (auto s = validate_member_ids(member_ids, settings_.max_group_members); !s.ok()) {
    return reply(s.code() == Code::kResourceExhausted ? too_many(settings_.max_group_members) : s);
  }
  write_listing(
      who, group_id,
      [this, who, group_id, ids = std::move(member_ids)](Database& db,
                                                         EventHub::Delivery& out) -> Status {
        auto me = acting_member(db, group_id, who.account_id);
        if (!me) return me.status();
        if (!may_manage(me->role)) {
          return permission_denied("only the group's owner and admins may add members");
        }
        auto users = invitees(db, who, ids);
        if (!users) return users.status();
        for (const auto& u : *users) {
          if (storage::group_member(db, group_id, u.id)) {
            return already_exists("'" + u.member_id + "' is already in this group");
          }
        }
        if (users->empty()) return already_exists("you are already in this group");
        const int count = storage::group_member_count(db, group_id);
        if (count + static_cast<int>(users->size()) > settings_.max_group_members) {
          return too_many(settings_.max_group_members);
        }
        const auto group = storage::find_group(db, group_id);
        const bool full = group->history_visibility == storage::HistoryVisibility::kFull;
        const int64_t now = clock_.now_ms();
        for (const auto& u : *users) {
          // The new member's timeline starts with the entry that added them.
          const int64_t seq = storage::next_conversation_seq(db, group_id, now);
          storage::forget_departure(db, group_id, u.id);
          storage::insert_group_member(
              db, group_id, {u.id, GroupRole::kMember, seq, full ? 0 : seq - 1, seq - 1, now});
          messaging_.forget_members(group_id);
          record(db, group_id, who, {kMemberAdded, u.member_id, ""}, out, seq);
        }
        return Status::Ok();
      },
      std::move(reply));
}

}  // namespace souk::domain
