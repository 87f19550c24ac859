// Groups: removing, leaving, renaming, and who holds which role.
#include "server/domain/group_rules.hpp"
#include "server/domain/groups.hpp"
#include "server/storage/conversation_repository.hpp"

namespace souk::domain {

using storage::Database;
using storage::GroupMemberRow;
using storage::GroupRole;
using namespace group_rules;

namespace {

// The member named by `member_id`, who must be in the group now.
Result<GroupMemberRow> named_member(Database& db, int64_t group_id, const std::string& member_id) {
  const std::string id = fold_member_id(member_id);
  auto user = storage::find_user(db, id);
  auto row = user ? storage::group_member(db, group_id, user->id) : std::nullopt;
  if (!row) return not_found("'" + id + "' is not a member of this group");
  return *row;
}

Status validate_member_id_field(const std::string& member_id) {
  if (!is_valid_utf8(member_id)) return invalid_argument("member_id is not UTF-8");
  if (member_id.empty()) return invalid_argument("name a member: member_id is empty");
  return Status::Ok();
}

}  // namespace

void Groups::remove_member(const Session& who, int64_t group_id, std::string member_id,
                           std::function<void(Status)> reply) {
  if (auto s = validate_group_id(group_id); !s.ok()) return reply(s);
  if (auto s = validate_member_id_field(member_id); !s.ok()) return reply(s);
  write(
      [this, who, group_id, member_id = std::move(member_id)](Database& db,
                                                              EventHub::Delivery& out) -> Status {
        auto me = acting_member(db, group_id, who.account_id);
        if (!me) return me.status();
        if (!may_manage(me->role)) {
          return permission_denied("only the group's owner and admins may remove members");
        }
        auto target = named_member(db, group_id, member_id);
        if (!target) return target.status();
        if (target->account_id == who.account_id) {
          return invalid_argument("to leave the group yourself, use LeaveGroup");
        }
        if (me->role != GroupRole::kOwner && target->role != GroupRole::kMember) {
          return permission_denied("only the owner may remove an admin or the owner");
        }
        // The removed member's log gets this entry too: the last they hear of the group.
        const int64_t seq = record(db, group_id, who, {kMemberRemoved, target->member_id, ""}, out);
        drop_member(db, group_id, *target, seq);
        return Status::Ok();
      },
      std::move(reply));
}

void Groups::leave(const Session& who, int64_t group_id, std::function<void(Status)> reply) {
  if (auto s = validate_group_id(group_id); !s.ok()) return reply(s);
  write(
      [this, who, group_id](Database& db, EventHub::Delivery& out) -> Status {
        auto me = acting_member(db, group_id, who.account_id);
        if (!me) return me.status();
        if (me->role == GroupRole::kOwner && storage::group_member_count(db, group_id) > 1) {
          return {Code::kFailedPrecondition,
                  "the owner must hand ownership to another member before leaving"};
        }
        const int64_t seq = record(db, group_id, who, {kMemberLeft, who.member_id, ""}, out);
        drop_member(db, group_id, *me, seq);
        return Status::Ok();
      },
      std::move(reply));
}

void Groups::rename(const Session& who, int64_t group_id, std::string name,
                    Reply<storage::GroupListing> reply) {
  if (auto s = validate_group_id(group_id); !s.ok()) return reply(s);
  if (auto s = validate_name(name); !s.ok()) return reply(s);
  write_listing(
      who, group_id,
      [this, who, group_id, name = std::move(name)](Database& db,
                                                    EventHub::Delivery& out) -> Status {
        auto me = acting_member(db, group_id, who.account_id);
        if (!me) return me.status();
        if (!may_manage(me->role)) {
          return permission_denied("only the group's owner and admins may rename it");
        }
        if (storage::find_group(db, group_id)->name == name) return Status::Ok();
        storage::rename_group_conversation(db, group_id, name);
        record(db, group_id, who, {kRenamed, "", name}, out);
        return Status::Ok();
      },
      std::move(reply));
}

void Groups::set_admin(const Session& who, int64_t group_id, std::string member_id, bool admin,
                       std::function<void(Status)> reply) {
  if (auto s = validate_group_id(group_id); !s.ok()) return reply(s);
  if (auto s = validate_member_id_field(member_id); !s.ok()) return reply(s);
  write(
      [this, who, group_id, member_id = std::move(member_id), admin](
          Database& db, EventHub::Delivery& out) -> Status {
        auto me = acting_member(db, group_id, who.account_id);
        if (!me) return me.status();
        if (me->role != GroupRole::kOwner) {
          return permission_denied("only the group's owner may promote or demote admins");
        }
        auto target = named_member(db, group_id, member_id);
        if (!target) return target.status();
        if (target->role == GroupRole::kOwner) {
          return {Code::kFailedPrecondition, "the owner's role changes only by a handover"};
        }
        const GroupRole wanted = admin ? GroupRole::kAdmin : GroupRole::kMember;
        if (target->role == wanted) return Status::Ok();
        storage::set_group_role(db, group_id, target->account_id, wanted);
        record(db, group_id, who, {admin ? kAdminGranted : kAdminRevoked, target->member_id, ""},
               out);
        return Status::Ok();
      },
      std::move(reply));
}

void Groups::transfer_ownership(const Session& who, int64_t group_id, std::string member_id,
                                std::function<void(Status)> reply) {
  if (auto s = validate_group_id(group_id); !s.ok()) return reply(s);
  if (auto s = validate_member_id_field(member_id); !s.ok()) return reply(s);
  write(
      [this, who, group_id, member_id = std::move(member_id)](Database& db,
                                                              EventHub::Delivery& out) -> Status {
        auto me = acting_member(db, group_id, who.account_id);
        if (!me) return me.status();
        if (me->role != GroupRole::kOwner) {
          return permission_denied("only the group's owner may hand over ownership");
        }
        auto target = named_member(db, group_id, member_id);
        if (!target) return target.status();
        if (target->account_id == who.account_id) {
          return invalid_argument("you already own this group");
        }
        storage::set_group_role(db, group_id, target->account_id, GroupRole::kOwner);
        storage::set_group_role(db, group_id, who.account_id, GroupRole::kAdmin);
        record(db, group_id, who, {kOwnerChanged, target->member_id, ""}, out);
        return Status::Ok();
      },
      std::move(reply));
}

void Groups::set_history_visibility(const Session& who, int64_t group_id, int visibility,
                                    std::function<void(Status)> reply) {
  if (auto s = validate_group_id(group_id); !s.ok()) return reply(s);
  if (visibility == 0) return reply(invalid_argument("say FROM_JOIN or FULL"));
  auto wanted = visibility_of(visibility);
  if (!wanted) return reply(wanted.status());
  write(
      [this, who, group_id, v = *wanted](Database& db, EventHub::Delivery& out) -> Status {
        auto me = acting_member(db, group_id, who.account_id);
        if (!me) return me.status();
        if (!may_manage(me->role)) {
          return permission_denied("only the group's owner and admins may change this");
        }
        if (storage::find_group(db, group_id)->history_visibility == v) return Status::Ok();
        storage::set_history_visibility(db, group_id, v);
        const bool full = v == storage::HistoryVisibility::kFull;
        record(db, group_id, who, {kHistoryVisibilityChanged, "", full ? "full" : "from_join"},
               out);
        return Status::Ok();
      },
      std::move(reply));
}

}  // namespace souk::domain
