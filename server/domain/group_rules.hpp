#pragma once

// What Groups checks before it writes, and how a change reads in the timeline.
#include <string>
#include <vector>

#include "common/status.hpp"
#include "common/validation.hpp"
#include "server/storage/chat_records.hpp"
#include "server/storage/group_repository.hpp"

namespace souk::domain::group_rules {

using storage::GroupRole;
using storage::SystemRecord;

inline constexpr size_t kNameMaxChars = 64;

// souk.v1.GroupSystemEvent.Kind
enum SystemKind : int {
  kCreated = 1,
  kMemberAdded = 2,
  kMemberLeft = 3,
  kMemberRemoved = 4,
  kRenamed = 5,
  kAdminGranted = 6,
  kAdminRevoked = 7,
  kOwnerChanged = 8,
  kHistoryVisibilityChanged = 9,
};

// The English line older clients show for a change.
inline std::string describe(const std::string& actor, const SystemRecord& c) {
  switch (c.kind) {
    case kCreated:
      return actor + " created the group \"" + c.name + "\"";
    case kMemberAdded:
      return actor + " added " + c.member_id;
    case kMemberLeft:
      return c.member_id + " left";
    case kMemberRemoved:
      return actor + " removed " + c.member_id;
    case kRenamed:
      return actor + " renamed the group to \"" + c.name + "\"";
    case kAdminGranted:
      return actor + " made " + c.member_id + " an admin";
    case kAdminRevoked:
      return actor + " took admin rights from " + c.member_id;
    case kOwnerChanged:
      return actor + " handed ownership to " + c.member_id;
    case kHistoryVisibilityChanged:
      return actor + (c.name == "full" ? " let new members read the whole history"
                                       : " let new members read only what is said after they join");
  }
  return actor + " changed the group";
}

inline Status validate_name(const std::string& name) {
  return validate_text_field(name, "group name", kNameMaxChars);
}

inline Status validate_group_id(int64_t id) {
  if (id <= 0) return invalid_argument("name the group: conversation_id must be positive");
  return Status::Ok();
}

inline Result<storage::HistoryVisibility> visibility_of(int value) {
  if (value == 0 || value == 1) return storage::HistoryVisibility::kFromJoin;
  if (value == 2) return storage::HistoryVisibility::kFull;
  return invalid_argument("history_visibility must be FROM_JOIN or FULL");
}

inline Status validate_member_ids(const std::vector<std::string>& ids, int max_members) {
  if (static_cast<int64_t>(ids.size()) > max_members) {
    return resource_exhausted("a group holds at most " + std::to_string(max_members) +
                              " members (max_group_members); " + std::to_string(ids.size()) +
                              " were given");
  }
  for (const auto& id : ids) {
    if (!is_valid_utf8(id)) return invalid_argument("member_ids holds a value that is not UTF-8");
    if (id.empty()) return invalid_argument("member_ids holds an empty member ID");
  }
  return Status::Ok();
}

inline Status too_many(int max_members) {
  return resource_exhausted("a group holds at most " + std::to_string(max_members) +
                            " members (max_group_members)");
}

inline bool may_manage(GroupRole role) {
  return role == GroupRole::kOwner || role == GroupRole::kAdmin;
}

}  // namespace souk::domain::group_rules
