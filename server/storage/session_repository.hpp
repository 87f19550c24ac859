#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/storage/sqlite.hpp"

namespace souk::storage {

struct SessionRecord {
  std::string token_hash;  // SHA-256 of the bearer token; the token itself is never stored
  int64_t account_id = 0;
  std::string device_name;
  int64_t created_at_ms = 0;
  int64_t expires_at_ms = 0;
  std::string member_id;  // read only: joined from the account
};

void insert_session(Database& db, const SessionRecord& session);
std::optional<SessionRecord> find_session(Database& db, const std::string& token_hash);
// Returns whether a session was there to delete.
bool delete_session(Database& db, const std::string& token_hash);
// Returns how many expired sessions were removed.
int delete_expired_sessions(Database& db, int64_t now_ms);

}  // namespace souk::storage
