#include "server/domain/contacts.hpp"

#include <algorithm>

#include "common/validation.hpp"
#include "server/storage/event_repository.hpp"

namespace souk::domain {

using storage::Database;
using storage::EventKind;
using storage::EventRecord;

namespace {

constexpr size_t kGroupNameMaxChars = 64;
// The longest text any member ID, display name or shop name can hold.
constexpr size_t kSearchQueryMaxChars =
    std::max({kMemberIdMax, kDisplayNameMaxChars, kShopNameMaxChars});

// Appends a contact event to `owner`'s log, for publishing after the commit.
void note(Database& db, int64_t owner, EventKind kind, int64_t actor,
          const std::string& actor_member_id, int64_t now, EventHub::Delivery& out) {
  EventRecord e;
  e.kind = kind;
  e.actor_id = actor;
  e.actor_member_id = actor_member_id;
  e.created_at_ms = now;
  e.seq = storage::append_event(db, owner, e);
  out.emplace_back(owner, std::move(e));
}

}  // namespace

Contacts::Contacts(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
                   EventHub& hub, Presence& presence, ContactSettings settings)
    : writer_(writer),
      readers_(readers),
      clock_(clock),
      hub_(hub),
      presence_(presence),
      settings_(settings) {}

ContactPolicy Contacts::effective_policy(const storage::UserRow& user) {
  if (user.contact_policy != 0) return static_cast<ContactPolicy>(user.contact_policy);
  return user.role == 2 ? ContactPolicy::kOpen : ContactPolicy::kApproval;
}

Result<storage::UserRow> Contacts::other_member(const Session& who, const std::string& member_id) {
  // Not UTF-8, it cannot be anyone's ID: refused before it is looked up or echoed.
  if (!is_valid_utf8(member_id)) return invalid_argument("the member ID is not UTF-8");
  const std::string id = fold_member_id(member_id);
  if (id.empty()) return invalid_argument("name a member ID");
  auto row = readers_.with([&](Database& db) { return storage::find_user(db, id); });
  if (!row) return not_found("no member with ID '" + id + "'");
  if (row->id == who.account_id) return invalid_argument("that is your own member ID");
  return *row;
}

UserCard Contacts::card_for(int64_t viewer, const storage::UserRow& user) {
  UserCard card{user, {}, false, false};
  readers_.with([&](Database& db) {
    card.is_contact = storage::is_contact(db, viewer, user.id);
    card.request_pending = storage::has_request(db, viewer, user.id);
  });
  // Presence shows to contacts, and to anyone when the member is open to everyone (a
  // seller's shop front); never to those they blocked.
  if (card.is_contact || effective_policy(user) == ContactPolicy::kOpen) {
    card.presence = presence_.visible_to(viewer, user);
  }
  card.user.contact_policy = static_cast<int>(effective_policy(user));
  return card;
}

void Contacts::write(DeliveringChange change, std::function<void(Status)> reply) {
  commit_then_publish(writer_, hub_, std::move(change), std::move(reply));
}

Result<std::vector<UserCard>> Contacts::search(const Session& who, const std::string& query) {
  if (!is_valid_utf8(query)) return invalid_argument("search text is not valid UTF-8");
  if (query.empty()) return invalid_argument("type a member ID, a name or a shop to search for");
  // Longer than any member ID, name or shop name, it could match nothing: refused before it
  // costs a full-text search.
  if (utf8_length(query) > kSearchQueryMaxChars) {
    return invalid_argument("search text is at most " + std::to_string(kSearchQueryMaxChars) +
                            " characters: no member ID, name or shop name is longer");
  }
  std::vector<storage::UserRow> rows;
  readers_.with([&](Database& db) {
    // An exact member ID is the main path and always comes first.
    if (auto exact = storage::find_user(db, fold_member_id(query))) rows.push_back(*exact);
    // Partial matches only from a few characters on, and a page at most: the directory
    // cannot be listed by walking through short queries. Starts of an ID, name or shop
    // come before matches inside them ("seller" in "Sam Seller" or "ux.seller2").
    if (utf8_length(query) < settings_.search_min_prefix) return;
    const int page = settings_.search_limit + 1;
    auto keep = [&](std::vector<storage::UserRow> found) {
      for (auto& row : found) {
        if (static_cast<int>(rows.size()) > page) return;
        const bool seen = std::any_of(rows.begin(), rows.end(),
                                      [&](const storage::UserRow& r) { return r.id == row.id; });
        if (!seen) rows.push_back(std::move(row));
      }
    };
    keep(storage::search_users_by_prefix(db, query, page));
    if (static_cast<int>(rows.size()) <= page) {
      keep(storage::search_users_containing(db, query, page));
    }
  });
  std::vector<UserCard> out;
  for (const auto& row : rows) {
    if (row.id == who.account_id) continue;
    if (static_cast<int>(out.size()) >= settings_.search_limit) break;
    out.push_back(card_for(who.account_id, row));
  }
  return out;
}

void Contacts::add(const Session& who, const std::string& member_id, int64_t group_id,
                   Reply<std::pair<AddOutcome, UserCard>> reply) {
  if (group_id < 0) return reply(invalid_argument("contact group id must not be negative"));
  auto target = other_member(who, member_id);
  if (!target) return reply(target.status());
  const auto policy = effective_policy(*target);
  auto outcome = std::make_shared<AddOutcome>(AddOutcome::kAdded);
  write(
      [this, who, t = *target, group_id, policy, outcome](Database& db,
                                                          EventHub::Delivery& out) -> Status {
        if (storage::is_blocked(db, t.id, who.account_id)) {
          return permission_denied("'" + t.member_id +
                                   "' does not accept contact requests from you");
        }
        if (storage::is_contact(db, who.account_id, t.id)) {
          return already_exists("'" + t.member_id + "' is already in your contacts");
        }
        const int64_t now = clock_.now_ms();
        int64_t group = storage::ensure_default_group(db, who.account_id);
        if (group_id > 0) {
          if (!storage::find_group(db, who.account_id, group_id)) {
            return not_found("no such contact group");
          }
          group = group_id;
        }
        // A member who asked to add us has agreed already.
        const bool they_asked = storage::delete_request(db, t.id, who.account_id);
        if (policy == ContactPolicy::kApproval && !they_asked) {
          *outcome = AddOutcome::kRequestSent;
          storage::insert_request(db, who.account_id, t.id, now);
          note(db, t.id, EventKind::kContactRequestReceived, who.account_id, who.member_id, now,
               out);
        } else {
          storage::add_contact(db, who.account_id, t.id, group, now);
          note(db, t.id, EventKind::kContactAddedYou, who.account_id, who.member_id, now, out);
        }
        note(db, who.account_id, EventKind::kContactsChanged, t.id, t.member_id, now, out);
        return Status::Ok();
      },
      [this, who, t = *target, outcome, reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        if (*outcome == AddOutcome::kAdded) presence_.tell(who.account_id, t);
        reply(std::pair{*outcome, card_for(who.account_id, t)});
      });
}

void Contacts::answer(const Session& who, const std::string& member_id, bool accept,
                      std::function<void(Status)> reply) {
  auto asker = other_member(who, member_id);
  if (!asker) return reply(asker.status());
  auto me = readers_.with([&](Database& db) { return storage::find_user(db, who.account_id); });
  write(
      [this, who, a = *asker, accept](Database& db, EventHub::Delivery& out) -> Status {
        if (!storage::delete_request(db, a.id, who.account_id)) {
          return not_found("no contact request from '" + a.member_id + "'");
        }
        const int64_t now = clock_.now_ms();
        if (accept) {
          storage::add_contact(db, a.id, who.account_id, storage::ensure_default_group(db, a.id),
                               now);
        }
        note(db, a.id,
             accept ? EventKind::kContactRequestAccepted : EventKind::kContactRequestDeclined,
             who.account_id, who.member_id, now, out);
        note(db, a.id, EventKind::kContactsChanged, who.account_id, who.member_id, now, out);
        note(db, who.account_id, EventKind::kContactsChanged, a.id, a.member_id, now, out);
        return Status::Ok();
      },
      [this, asker = *asker, me, accept, reply = std::move(reply)](Status s) {
        if (s.ok() && accept && me) presence_.tell(asker.id, *me);
        reply(s);
      });
}

void Contacts::remove(const Session& who, const std::string& member_id, bool request_only,
                      std::function<void(Status)> reply) {
  auto target = other_member(who, member_id);
  if (!target) return reply(target.status());
  write(
      [this, who, t = *target, request_only](Database& db, EventHub::Delivery& out) -> Status {
        const bool removed = !request_only && storage::remove_contact(db, who.account_id, t.id);
        const bool withdrawn = storage::delete_request(db, who.account_id, t.id);
        if (!removed && !withdrawn) {
          return not_found(request_only ? "no request to '" + t.member_id + "' waits for an answer"
                                        : "'" + t.member_id + "' is not in your contacts");
        }
        const int64_t now = clock_.now_ms();
        note(db, who.account_id, EventKind::kContactsChanged, t.id, t.member_id, now, out);
        // The request leaves their Requests list too, on every device they have.
        if (withdrawn) {
          note(db, t.id, EventKind::kContactsChanged, who.account_id, who.member_id, now, out);
        }
        return Status::Ok();
      },
      std::move(reply));
}

void Contacts::block(const Session& who, const std::string& member_id, bool blocked,
                     std::function<void(Status)> reply) {
  auto target = other_member(who, member_id);
  if (!target) return reply(target.status());
  auto me = readers_.with([&](Database& db) { return storage::find_user(db, who.account_id); });
  write(
      [this, who, t = *target, blocked](Database& db, EventHub::Delivery& out) -> Status {
        const int64_t now = clock_.now_ms();
        storage::set_blocked(db, who.account_id, t.id, blocked, now);
        if (blocked) storage::delete_request(db, t.id, who.account_id);
        note(db, who.account_id, EventKind::kContactsChanged, t.id, t.member_id, now, out);
        return Status::Ok();
      },
      [this, t = *target, me, reply = std::move(reply)](Status s) {
        // The blocked member sees us go offline at once; unblocked, they see us again.
        if (s.ok() && me) presence_.tell(t.id, *me);
        reply(s);
      });
}

Result<ContactList> Contacts::list(const Session& who) {
  ContactList list;
  std::vector<std::pair<storage::UserRow, int64_t>> contacts;
  std::vector<storage::UserRow> incoming, outgoing;
  readers_.with([&](Database& db) {
    list.groups = storage::groups_of(db, who.account_id);
    contacts = storage::contacts_of(db, who.account_id);
    incoming = storage::incoming_requests(db, who.account_id);
    outgoing = storage::outgoing_requests(db, who.account_id);
    list.blocked = storage::blocked_member_ids(db, who.account_id);
  });
  // Accounts from before contact groups existed get theirs on the first change.
  if (list.groups.empty()) list.groups.push_back({0, storage::kDefaultGroupName, 0, true});
  for (const auto& [row, group] : contacts)
    list.contacts.emplace_back(card_for(who.account_id, row), group);
  for (const auto& row : incoming) list.incoming.push_back(card_for(who.account_id, row));
  for (const auto& row : outgoing) list.outgoing.push_back(card_for(who.account_id, row));
  return list;
}

void Contacts::edit_group(const Session& who, GroupEdit edit, Reply<storage::GroupRow> reply) {
  using Action = GroupEdit::Action;
  if (edit.action == Action::kCreate || edit.action == Action::kRename) {
    if (auto s = validate_text_field(edit.name, "group name", kGroupNameMaxChars); !s.ok()) {
      return reply(s);
    }
  }
  if (edit.action == Action::kMoveGroup && edit.position < 0) {
    return reply(invalid_argument("a group's position must not be negative"));
  }
  std::optional<storage::UserRow> member;
  if (edit.action == Action::kMoveContact) {
    auto target = other_member(who, edit.member_id);
    if (!target) return reply(target.status());
    member = *target;
  }
  auto result = std::make_shared<storage::GroupRow>();
  write(
      [this, who, edit, member, result](Database& db, EventHub::Delivery& out) -> Status {
        const int64_t fallback = storage::ensure_default_group(db, who.account_id);
        const int64_t group_id =
            edit.group_id == 0 && edit.action != Action::kCreate ? fallback : edit.group_id;
        std::optional<storage::GroupRow> group;
        if (edit.action != Action::kCreate) {
          group = storage::find_group(db, who.account_id, group_id);
          if (!group) return not_found("no such contact group");
        }
        switch (edit.action) {
          case Action::kCreate: {
            if (static_cast<int>(storage::groups_of(db, who.account_id).size()) >=
                settings_.max_contact_groups) {
              return resource_exhausted("you have " + std::to_string(settings_.max_contact_groups) +
                                        " contact groups, the most max_contact_groups allows");
            }
            auto id = storage::create_group(db, who.account_id, edit.name);
            if (!id) return already_exists("you already have a group called '" + edit.name + "'");
            group = storage::find_group(db, who.account_id, *id);
            break;
          }
          case Action::kRename:
            if (!storage::rename_group(db, group->id, edit.name)) {
              return already_exists("you already have a group called '" + edit.name + "'");
            }
            group->name = edit.name;
            break;
          case Action::kDelete:
            if (group->is_default) {
              return {Code::kFailedPrecondition, "the default group cannot be deleted"};
            }
            storage::delete_group(db, who.account_id, group->id, fallback);
            break;
          case Action::kMoveGroup:
            storage::move_group(db, who.account_id, group->id, edit.position);
            group = storage::find_group(db, who.account_id, group->id);
            break;
          case Action::kMoveContact:
            if (!storage::move_contact(db, who.account_id, member->id, group->id)) {
              return not_found("'" + member->member_id + "' is not in your contacts");
            }
            break;
        }
        *result = *group;
        note(db, who.account_id, EventKind::kContactsChanged, 0, "", clock_.now_ms(), out);
        return Status::Ok();
      },
      [result, reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        reply(*result);
      });
}

void Contacts::set_policy(const Session& who, int policy, std::function<void(Status)> reply) {
  if (policy != static_cast<int>(ContactPolicy::kOpen) &&
      policy != static_cast<int>(ContactPolicy::kApproval)) {
    return reply(invalid_argument("contact policy must be open or approval"));
  }
  writer_.submit(
      [account = who.account_id, policy](Database& db) -> Status {
        storage::set_contact_policy(db, account, policy);
        return Status::Ok();
      },
      std::move(reply));
}

}  // namespace souk::domain
