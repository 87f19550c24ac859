#include "server/storage/session_repository.hpp"

namespace souk::storage {

void insert_session(Database& db, const SessionRecord& s) {
  db.prepare(
        "INSERT INTO sessions (token_hash, account_id, device_name, created_at_ms, "
        "expires_at_ms) VALUES (?, ?, ?, ?, ?)")
      .bind_all(Blob{s.token_hash}, s.account_id, std::string_view(s.device_name), s.created_at_ms,
                s.expires_at_ms)
      .run();
}

std::optional<SessionRecord> find_session(Database& db, const std::string& token_hash) {
  // Every authenticated call runs this, so it stays prepared.
  auto stmt = db.cached(
      "SELECT s.token_hash, s.account_id, s.device_name, s.created_at_ms, s.expires_at_ms, "
      "a.member_id FROM sessions s JOIN accounts a ON a.id = s.account_id "
      "WHERE s.token_hash = ?");
  stmt->bind(1, Blob{token_hash});
  if (!stmt->step()) return std::nullopt;
  return SessionRecord{stmt->blob(0),  stmt->int64(1), stmt->text(2),
                       stmt->int64(3), stmt->int64(4), stmt->text(5)};
}

bool delete_session(Database& db, const std::string& token_hash) {
  db.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, Blob{token_hash}).run();
  return db.changes() > 0;
}

int delete_expired_sessions(Database& db, int64_t now_ms) {
  db.prepare("DELETE FROM sessions WHERE expires_at_ms <= ?").bind(1, now_ms).run();
  return db.changes();
}

}  // namespace souk::storage
