#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/storage/sqlite.hpp"

namespace souk::storage {

// A member as others may see them, plus the settings that decide what they may see.
struct UserRow {
  int64_t id = 0;
  std::string member_id;
  std::string display_name;
  int role = 0;
  std::string shop_name;
  int contact_policy = 0;  // 0: the role's default
  int presence_state = 1;  // chosen: online, busy, away, invisible (souk.v1.PresenceState)
  std::string status_text;
  int64_t last_seen_ms = 0;
};

struct GroupRow {
  int64_t id = 0;
  std::string name;
  int position = 0;
  bool is_default = false;
};

inline constexpr const char* kDefaultGroupName = "My Contacts";

std::optional<UserRow> find_user(Database& db, const std::string& member_id);
std::optional<UserRow> find_user(Database& db, int64_t id);
// Members whose ID, display name or shop name starts with `prefix` (ignoring case).
std::vector<UserRow> search_users_by_prefix(Database& db, const std::string& prefix, int limit);
// Members with `text` anywhere in their ID, display name or shop name (ignoring case), by
// member ID. Needs at least three characters: shorter text matches nobody.
std::vector<UserRow> search_users_containing(Database& db, const std::string& text, int limit);

int64_t ensure_default_group(Database& db, int64_t account_id);
std::vector<GroupRow> groups_of(Database& db, int64_t account_id);
std::optional<GroupRow> find_group(Database& db, int64_t account_id, int64_t group_id);
// nullopt when the name is taken.
std::optional<int64_t> create_group(Database& db, int64_t account_id, const std::string& name);
bool rename_group(Database& db, int64_t group_id, const std::string& name);
// Its contacts go back to the default group first.
void delete_group(Database& db, int64_t account_id, int64_t group_id, int64_t default_group);
void move_group(Database& db, int64_t account_id, int64_t group_id, int position);

bool is_contact(Database& db, int64_t account_id, int64_t contact_id);
void add_contact(Database& db, int64_t account_id, int64_t contact_id, int64_t group_id,
                 int64_t now_ms);
bool remove_contact(Database& db, int64_t account_id, int64_t contact_id);
bool move_contact(Database& db, int64_t account_id, int64_t contact_id, int64_t group_id);
std::vector<std::pair<UserRow, int64_t>> contacts_of(Database& db, int64_t account_id);
// Who has `account_id` in their list and is not blocked by them: the audience of its
// presence.
std::vector<int64_t> presence_audience(Database& db, int64_t account_id);

bool has_request(Database& db, int64_t from_id, int64_t to_id);
void insert_request(Database& db, int64_t from_id, int64_t to_id, int64_t now_ms);
bool delete_request(Database& db, int64_t from_id, int64_t to_id);
std::vector<UserRow> incoming_requests(Database& db, int64_t to_id);
std::vector<UserRow> outgoing_requests(Database& db, int64_t from_id);

bool is_blocked(Database& db, int64_t blocker_id, int64_t blocked_id);
void set_blocked(Database& db, int64_t blocker_id, int64_t blocked_id, bool blocked,
                 int64_t now_ms);
std::vector<std::string> blocked_member_ids(Database& db, int64_t blocker_id);

void set_presence_choice(Database& db, int64_t account_id, int state, const std::string& text);
void set_last_seen(Database& db, int64_t account_id, int64_t ms);
void set_contact_policy(Database& db, int64_t account_id, int policy);

}  // namespace souk::storage
