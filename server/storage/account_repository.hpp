#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/storage/sqlite.hpp"

namespace souk::storage {

struct AccountRecord {
  int64_t id = 0;
  std::string member_id;
  std::string display_name;
  int role = 0;  // 1 buyer, 2 seller (souk.v1.Role)
  std::string shop_name;
  std::string password_hash;
  int64_t created_at_ms = 0;
};

// Returns the new row id, or nullopt when the member ID is taken (in any case).
std::optional<int64_t> insert_account(Database& db, const AccountRecord& account);
std::optional<AccountRecord> find_account_by_member_id(Database& db, const std::string& member_id);
std::optional<AccountRecord> find_account_by_id(Database& db, int64_t id);
int64_t count_accounts(Database& db);
void set_password_hash(Database& db, int64_t account_id, const std::string& password_hash);

}  // namespace souk::storage
