#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/storage/sqlite.hpp"

namespace souk::storage {

struct SessionRecord {
  std::string token_hash;  // SHA-256 of the bearer token; the token itself is never stored
  int64_t account_id = 0;
  std::string device_name;
  int64_t created_at_ms = 0;
  int64_t expires_at_ms = 0;
  std::string member_id;  // read only: joined from the account
  std::string id;         // public: what a member names a session by when ending it
  int64_t last_seen_ms = 0;
};

void insert_session(Database& db, const SessionRecord& session);
std::optional<SessionRecord> find_session(Database& db, const std::string& token_hash);
// Returns whether a session was there to delete.
bool delete_session(Database& db, const std::string& token_hash);
// Returns how many expired sessions were removed.
int delete_expired_sessions(Database& db, int64_t now_ms);

// An account's sessions that have not expired, newest first.
std::vector<SessionRecord> list_sessions(Database& db, int64_t account_id, int64_t now_ms);
// The session of this account with this public id, if any.
std::optional<SessionRecord> find_account_session(Database& db, int64_t account_id,
                                                  const std::string& id);
// Deletes every session of the account but `keep_token_hash`; returns the hashes deleted.
std::vector<std::string> delete_other_sessions(Database& db, int64_t account_id,
                                               const std::string& keep_token_hash);
void touch_session(Database& db, const std::string& token_hash, int64_t now_ms);

}  // namespace souk::storage
