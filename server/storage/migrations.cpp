#include "server/storage/migrations.hpp"

#include <array>
#include <string>

namespace souk::storage {

namespace {

constexpr std::string_view kAccountsAndSessions = R"sql(
CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  member_id     TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT    NOT NULL,
  role          INTEGER NOT NULL CHECK (role IN (1, 2)),
  shop_name     TEXT,
  password_hash TEXT    NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash    BLOB    PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  device_name   TEXT    NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_account ON sessions (account_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at_ms);
)sql";

constexpr std::array<std::string_view, 1> kMigrations = {kAccountsAndSessions};

}  // namespace

std::span<const std::string_view> schema_migrations() {
  return kMigrations;
}

int migrate(Database& db, std::span<const std::string_view> migrations) {
  const auto known = static_cast<int64_t>(migrations.size());
  int64_t version = db.pragma_int("user_version");
  if (version > known) {
    throw SqliteError(SQLITE_ERROR, "database schema version " + std::to_string(version) +
                                        " is newer than this soukd knows (" +
                                        std::to_string(known) + "); upgrade soukd");
  }
  for (; version < known; ++version) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(std::string(migrations[version]));
      db.exec("PRAGMA user_version = " + std::to_string(version + 1));
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
  }
  return static_cast<int>(version);
}

}  // namespace souk::storage
