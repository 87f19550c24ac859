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

// Conversations, messages stored once, and each user's event log (the offline queue,
// multi-device sync and resume are all reads of it). Receipts are per-member watermarks.
constexpr std::string_view kMessaging = R"sql(
CREATE TABLE conversations (
  id               INTEGER PRIMARY KEY,
  kind             INTEGER NOT NULL CHECK (kind IN (1, 2)),
  direct_key       TEXT UNIQUE,
  last_seq         INTEGER NOT NULL DEFAULT 0,
  last_activity_ms INTEGER NOT NULL,
  created_at_ms    INTEGER NOT NULL
);
CREATE TABLE conversation_members (
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  account_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  delivered_seq   INTEGER NOT NULL DEFAULT 0,
  read_seq        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, account_id)
) WITHOUT ROWID;
CREATE INDEX conversation_members_by_account ON conversation_members (account_id);
CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  sender_id       INTEGER NOT NULL REFERENCES accounts (id),
  client_msg_id   TEXT    NOT NULL,
  text            TEXT    NOT NULL,
  lang            TEXT    NOT NULL DEFAULT '',
  context_kind    INTEGER NOT NULL DEFAULT 0,
  context_id      TEXT    NOT NULL DEFAULT '',
  context_title   TEXT    NOT NULL DEFAULT '',
  context_url     TEXT    NOT NULL DEFAULT '',
  created_at_ms   INTEGER NOT NULL,
  UNIQUE (conversation_id, seq),
  UNIQUE (sender_id, client_msg_id)
);
CREATE INDEX messages_by_time ON messages (created_at_ms);
CREATE TABLE event_logs (
  account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  last_seq   INTEGER NOT NULL DEFAULT 0,
  acked_seq  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE events (
  account_id      INTEGER NOT NULL,
  seq             INTEGER NOT NULL,
  kind            INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL DEFAULT 0,
  message_id      INTEGER,
  actor_id        INTEGER,
  value           INTEGER NOT NULL DEFAULT 0,
  created_at_ms   INTEGER NOT NULL,
  PRIMARY KEY (account_id, seq)
) WITHOUT ROWID;
CREATE INDEX events_by_time ON events (created_at_ms);
)sql";

// Contacts (one direction: what the owner sees in their list), requests, blocks, contact
// groups, and the presence a user chose. Whether someone is online is never stored: it
// comes from live streams.
constexpr std::string_view kContacts = R"sql(
ALTER TABLE accounts ADD COLUMN contact_policy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN presence_state INTEGER NOT NULL DEFAULT 1;
ALTER TABLE accounts ADD COLUMN status_text TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN last_seen_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX accounts_by_display_name ON accounts (display_name COLLATE NOCASE);
CREATE INDEX accounts_by_shop_name ON accounts (shop_name COLLATE NOCASE);
CREATE TABLE contact_groups (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name       TEXT    NOT NULL,
  position   INTEGER NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  UNIQUE (account_id, name)
);
CREATE TABLE contacts (
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  contact_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  group_id      INTEGER NOT NULL REFERENCES contact_groups (id),
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (account_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX contacts_by_contact ON contacts (contact_id, account_id);
CREATE TABLE contact_requests (
  from_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  to_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX contact_requests_to ON contact_requests (to_id);
CREATE TABLE blocks (
  account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  blocked_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (account_id, blocked_id)
) WITHOUT ROWID;
)sql";

// Group chats: a name, roles, where each member's history starts (and, for those who
// left or were removed, where it ends), and changes kept in the timeline as messages.
constexpr std::string_view kGroups = R"sql(
ALTER TABLE conversations ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN history_visibility INTEGER NOT NULL DEFAULT 1;
ALTER TABLE conversation_members ADD COLUMN role INTEGER NOT NULL DEFAULT 1;
ALTER TABLE conversation_members ADD COLUMN joined_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversation_members ADD COLUMN history_from_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversation_members ADD COLUMN joined_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN system_kind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN system_member_id TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN system_name TEXT NOT NULL DEFAULT '';
CREATE TABLE group_departures (
  conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  history_from_seq INTEGER NOT NULL,
  left_seq         INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, account_id)
) WITHOUT ROWID;
)sql";

// Translation: each user's settings, every (message, target language) translated once
// (with its state, so failures are retried), and a cache of engine results by text hash.
constexpr std::string_view kTranslation = R"sql(
CREATE TABLE translation_settings (
  account_id     INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  auto_translate INTEGER NOT NULL DEFAULT 0,
  target_lang    TEXT    NOT NULL DEFAULT '',
  write_in       TEXT    NOT NULL DEFAULT '',
  updated_at_ms  INTEGER NOT NULL
);
CREATE TABLE message_translations (
  id              INTEGER PRIMARY KEY,
  message_id      INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL,
  message_seq     INTEGER NOT NULL,
  target_lang     TEXT    NOT NULL,
  source_lang     TEXT    NOT NULL DEFAULT '',
  source_detected INTEGER NOT NULL DEFAULT 0,
  state           INTEGER NOT NULL DEFAULT 0,
  text            TEXT    NOT NULL DEFAULT '',
  error           TEXT    NOT NULL DEFAULT '',
  engine          TEXT    NOT NULL DEFAULT '',
  cached          INTEGER NOT NULL DEFAULT 0,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_retry_ms   INTEGER NOT NULL DEFAULT 0,
  updated_at_ms   INTEGER NOT NULL,
  UNIQUE (message_id, target_lang)
);
CREATE INDEX message_translations_due ON message_translations (next_retry_ms)
  WHERE state IN (0, 2);
CREATE TABLE translation_cache (
  id            INTEGER PRIMARY KEY,
  text_hash     BLOB    NOT NULL,
  source_lang   TEXT    NOT NULL,
  target_lang   TEXT    NOT NULL,
  engine        TEXT    NOT NULL,
  translation   TEXT    NOT NULL,
  created_at_ms INTEGER NOT NULL,
  UNIQUE (text_hash, source_lang, target_lang, engine)
);
)sql";

// Files: the bytes are content-addressed blobs on disk (named by their SHA-256, shared by
// every file with that content); a file row is one upload of them, with its own name.
// Uploads in progress keep their committed offset here, so they resume after a restart.
constexpr std::string_view kFiles = R"sql(
CREATE TABLE files (
  id            TEXT    PRIMARY KEY,
  owner_id      INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name          TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  mime_type     TEXT    NOT NULL,
  sha256        BLOB    NOT NULL,
  width         INTEGER NOT NULL DEFAULT 0,
  height        INTEGER NOT NULL DEFAULT 0,
  created_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX files_by_owner ON files (owner_id);
CREATE INDEX files_by_sha256 ON files (sha256);
CREATE TABLE uploads (
  -- Never reused: the id names a partial file that may be removed after its row is gone.
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id         INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  upload_key       TEXT    NOT NULL,
  name             TEXT    NOT NULL,
  size             INTEGER NOT NULL,
  mime_type        TEXT    NOT NULL,
  sha256           BLOB    NOT NULL,
  committed_offset INTEGER NOT NULL DEFAULT 0,
  file_id          TEXT    REFERENCES files (id),
  touched_at_ms    INTEGER NOT NULL,  -- last progress: expiry counts from here
  UNIQUE (owner_id, upload_key)
);
CREATE INDEX uploads_by_touch ON uploads (touched_at_ms);
CREATE TABLE message_attachments (
  message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  file_id    TEXT    NOT NULL REFERENCES files (id),
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE INDEX message_attachments_by_file ON message_attachments (file_id, message_id);
)sql";

// Search inside member IDs, names and shop names, not only at their start: "seller" finds
// "Sam Seller" and "ux.seller2". A trigram index (any run of three or more characters,
// case folded) kept in step with accounts by triggers; the last statement indexes the
// accounts that exist already.
constexpr std::string_view kMemberSearch = R"sql(
CREATE VIRTUAL TABLE accounts_search USING fts5(
  member_id, display_name, shop_name,
  content = 'accounts', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER accounts_search_insert AFTER INSERT ON accounts BEGIN
  INSERT INTO accounts_search (rowid, member_id, display_name, shop_name)
  VALUES (new.id, new.member_id, new.display_name, new.shop_name);
END;
CREATE TRIGGER accounts_search_delete AFTER DELETE ON accounts BEGIN
  INSERT INTO accounts_search (accounts_search, rowid, member_id, display_name, shop_name)
  VALUES ('delete', old.id, old.member_id, old.display_name, old.shop_name);
END;
CREATE TRIGGER accounts_search_update
AFTER UPDATE OF member_id, display_name, shop_name ON accounts BEGIN
  INSERT INTO accounts_search (accounts_search, rowid, member_id, display_name, shop_name)
  VALUES ('delete', old.id, old.member_id, old.display_name, old.shop_name);
  INSERT INTO accounts_search (rowid, member_id, display_name, shop_name)
  VALUES (new.id, new.member_id, new.display_name, new.shop_name);
END;
INSERT INTO accounts_search (accounts_search) VALUES ('rebuild');
)sql";

// Sessions a member can review and end one by one: a public id (never the token's hash,
// which stays the lookup key) and when the session was last used.
constexpr std::string_view kSessionReview = R"sql(
ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_ms INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET id = lower(hex(randomblob(8))), last_seen_ms = created_at_ms;
CREATE UNIQUE INDEX sessions_by_id ON sessions (id);
)sql";

// The time indexes on the two busiest tables served only retention, which now trims each
// event log from its head and messages by row id (both grow with time); every message and
// event paid a second B-tree insert for them.
constexpr std::string_view kNoTimeIndexes = R"sql(
DROP INDEX messages_by_time;
DROP INDEX events_by_time;
)sql";

constexpr std::array<std::string_view, 9> kMigrations = {
    kAccountsAndSessions, kMessaging,     kContacts,     kGroups, kTranslation, kFiles,
    kMemberSearch,        kSessionReview, kNoTimeIndexes};

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
