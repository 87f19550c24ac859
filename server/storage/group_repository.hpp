#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/storage/sqlite.hpp"

namespace souk::storage {

// souk.v1.GroupRole and souk.v1.HistoryVisibility, as stored.
enum class GroupRole : int { kMember = 1, kAdmin = 2, kOwner = 3 };
enum class HistoryVisibility : int { kFromJoin = 1, kFull = 2 };

struct GroupInfo {
  int64_t id = 0;
  std::string name;
  HistoryVisibility history_visibility = HistoryVisibility::kFromJoin;
  int64_t created_at_ms = 0;
  int64_t last_seq = 0;
};

struct GroupMemberRow {
  int64_t account_id = 0;
  std::string member_id;
  std::string display_name;
  GroupRole role = GroupRole::kMember;
  int64_t joined_seq = 0;        // the seq of the event that added them; 0 for founders
  int64_t history_from_seq = 0;  // they may read messages after this seq
  int64_t delivered_seq = 0;
  int64_t read_seq = 0;
  int64_t joined_at_ms = 0;
};

// A member who left or was removed: what they may still read of the timeline.
struct Departure {
  int64_t history_from_seq = 0;
  int64_t left_seq = 0;
};

// One of the groups a member is in, as their group list shows it.
struct GroupListing {
  GroupInfo group;
  GroupRole my_role = GroupRole::kMember;
  int64_t read_seq = 0;
  int64_t history_from_seq = 0;
  int member_count = 0;
  std::string owner_member_id;
  int64_t unread_count = 0;
};

int64_t create_group_conversation(Database& db, const std::string& name,
                                  HistoryVisibility visibility, int64_t now_ms);
// Only conversations of kind group.
std::optional<GroupInfo> find_group(Database& db, int64_t conversation_id);
void rename_group_conversation(Database& db, int64_t conversation_id, const std::string& name);
void set_history_visibility(Database& db, int64_t conversation_id, HistoryVisibility visibility);

struct NewMember {
  int64_t account_id = 0;
  GroupRole role = GroupRole::kMember;
  int64_t joined_seq = 0;
  int64_t history_from_seq = 0;
  int64_t watermark = 0;  // delivered and read start here: nothing older counts as unread
  int64_t now_ms = 0;
};
void insert_group_member(Database& db, int64_t conversation_id, const NewMember& member);
void delete_group_member(Database& db, int64_t conversation_id, int64_t account_id);
void set_group_role(Database& db, int64_t conversation_id, int64_t account_id, GroupRole role);
int group_member_count(Database& db, int64_t conversation_id);

std::optional<GroupMemberRow> group_member(Database& db, int64_t conversation_id,
                                           int64_t account_id);
// Owner first, then admins, then members, each by member ID.
std::vector<GroupMemberRow> group_members(Database& db, int64_t conversation_id);

void record_departure(Database& db, int64_t conversation_id, int64_t account_id, Departure d);
void forget_departure(Database& db, int64_t conversation_id, int64_t account_id);
std::optional<Departure> find_departure(Database& db, int64_t conversation_id, int64_t account_id);

std::vector<GroupListing> groups_of_member(Database& db, int64_t account_id);

// Who sent messages (not system events) with seq in (from, to], `except` left out: the
// audience of a group receipt.
std::vector<int64_t> senders_between(Database& db, int64_t conversation_id, int64_t from_exclusive,
                                     int64_t to_inclusive, int64_t except);

}  // namespace souk::storage
