#include "server/storage/session_repository.hpp"

namespace souk::storage {

namespace {

constexpr const char* kColumns =
    "s.token_hash, s.account_id, s.device_name, s.created_at_ms, s.expires_at_ms, a.member_id, "
    "coalesce(s.id, ''), s.last_seen_ms FROM sessions s JOIN accounts a ON a.id = s.account_id ";

SessionRecord read_session(Statement& stmt) {
  return SessionRecord{stmt.blob(0),  stmt.int64(1), stmt.text(2), stmt.int64(3),
                       stmt.int64(4), stmt.text(5),  stmt.text(6), stmt.int64(7)};
}

}  // namespace

void insert_session(Database& db, const SessionRecord& s) {
  auto stmt = db.cached(
      "INSERT INTO sessions (token_hash, account_id, device_name, created_at_ms, "
      "expires_at_ms, last_seen_ms, id) VALUES (?, ?, ?, ?, ?, ?, ?)");
  stmt->bind_all(Blob{s.token_hash}, s.account_id, std::string_view(s.device_name), s.created_at_ms,
                 s.expires_at_ms, s.last_seen_ms);
  // Without an id (NULL, which the unique index allows many of) a session cannot be named
  // in EndSession, only listed.
  if (s.id.empty()) {
    stmt->bind(7, std::nullopt);
  } else {
    stmt->bind(7, std::string_view(s.id));
  }
  stmt->run();
}

std::optional<SessionRecord> find_session(Database& db, const std::string& token_hash) {
  // Every authenticated call runs this, so it stays prepared.
  auto stmt = db.cached(std::string("SELECT ") + kColumns + "WHERE s.token_hash = ?");
  stmt->bind(1, Blob{token_hash});
  if (!stmt->step()) return std::nullopt;
  return read_session(*stmt);
}

bool delete_session(Database& db, const std::string& token_hash) {
  db.cached("DELETE FROM sessions WHERE token_hash = ?")->bind(1, Blob{token_hash}).run();
  return db.changes() > 0;
}

int delete_expired_sessions(Database& db, int64_t now_ms) {
  // Every login runs this before it stores its session.
  db.cached("DELETE FROM sessions WHERE expires_at_ms <= ?")->bind(1, now_ms).run();
  return db.changes();
}

std::vector<SessionRecord> list_sessions(Database& db, int64_t account_id, int64_t now_ms) {
  auto stmt = db.prepare(std::string("SELECT ") + kColumns +
                         "WHERE s.account_id = ? AND s.expires_at_ms > ? "
                         "ORDER BY s.created_at_ms DESC");
  stmt.bind_all(account_id, now_ms);
  std::vector<SessionRecord> out;
  while (stmt.step()) out.push_back(read_session(stmt));
  return out;
}

std::optional<SessionRecord> find_account_session(Database& db, int64_t account_id,
                                                  const std::string& id) {
  auto stmt = db.prepare(std::string("SELECT ") + kColumns + "WHERE s.account_id = ? AND s.id = ?");
  stmt.bind_all(account_id, std::string_view(id));
  if (!stmt.step()) return std::nullopt;
  return read_session(stmt);
}

std::vector<std::string> delete_other_sessions(Database& db, int64_t account_id,
                                               const std::string& keep_token_hash) {
  auto stmt = db.prepare(
      "DELETE FROM sessions WHERE account_id = ? AND token_hash != ? RETURNING token_hash");
  stmt.bind_all(account_id, Blob{keep_token_hash});
  std::vector<std::string> deleted;
  while (stmt.step()) deleted.push_back(stmt.blob(0));
  return deleted;
}

void touch_session(Database& db, const std::string& token_hash, int64_t now_ms) {
  auto stmt =
      db.cached("UPDATE sessions SET last_seen_ms = max(last_seen_ms, ?) WHERE token_hash = ?");
  stmt->bind_all(now_ms, Blob{token_hash}).run();
}

}  // namespace souk::storage
