#include "client/core/local_cache.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace souk::client {

namespace {

// Bumped with every schema change; older files are upgraded in open().
constexpr int64_t kSchemaVersion = 2;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages (
  conversation_id INTEGER NOT NULL,
  seq             INTEGER NOT NULL,
  body            BLOB NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS marks (
  conversation_id INTEGER PRIMARY KEY,
  delivered_seq   INTEGER NOT NULL DEFAULT 0,
  read_seq        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS outbox (
  position      INTEGER PRIMARY KEY AUTOINCREMENT,
  client_msg_id TEXT NOT NULL UNIQUE,
  chat          TEXT NOT NULL,
  text          BLOB NOT NULL,
  context       BLOB,
  created_ms    INTEGER NOT NULL,
  failed        TEXT NOT NULL DEFAULT '',
  attachments   BLOB
);
)sql";

// Version 1 files lack the outbox's attachments.
constexpr const char* kToVersion2 = "ALTER TABLE outbox ADD COLUMN attachments BLOB";

std::string sanitized(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_';
    out += plain ? c : '_';
  }
  return out;
}

class Transaction {
 public:
  explicit Transaction(sqlite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!committed_) db_.exec("ROLLBACK");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.exec("COMMIT");
    committed_ = true;
  }

 private:
  sqlite::Database& db_;
  bool committed_ = false;
};

template <class Proto>
std::optional<Proto> parsed(const std::optional<std::string>& blob) {
  if (!blob) return std::nullopt;
  Proto p;
  if (!p.ParseFromString(*blob)) return std::nullopt;
  return p;
}

}  // namespace

std::filesystem::path LocalCache::default_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::filesystem::path(xdg) / "souk";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : ".") / ".local" / "share" / "souk";
}

std::filesystem::path LocalCache::file_for(const std::filesystem::path& dir,
                                           const std::string& server,
                                           const std::string& member_id) {
  return dir / (sanitized(member_id) + "@" + sanitized(server) + ".sqlite");
}

Result<std::unique_ptr<LocalCache>> LocalCache::open(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec)
    return internal_error("cannot create " + file.parent_path().string() + ": " + ec.message());
  // History is private: only this user may read the directory.
  ::chmod(file.parent_path().c_str(), 0700);
  try {
    sqlite::Database db(file, sqlite::Database::Mode::kReadWrite);
    db.exec("PRAGMA journal_mode = WAL");
    // FULL: a message in the outbox survives a power cut, not only a crash.
    db.exec("PRAGMA synchronous = FULL");
    const int64_t version = db.pragma_int("user_version");
    if (version < kSchemaVersion) {
      Transaction tx(db);
      if (version == 1) db.exec(kToVersion2);
      db.exec(kSchema);
      db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
      tx.commit();
    }
    return std::make_unique<LocalCache>(std::move(db));
  } catch (const sqlite::SqliteError& e) {
    return internal_error(std::string("local cache: ") + e.what());
  }
}

void LocalCache::save_batch(const v1::SubscribeResponse& batch, const std::string& me) {
  Transaction tx(db_);
  int64_t high = 0;
  for (const auto& e : batch.events()) {
    if (e.has_message()) {
      const auto& m = e.message();
      db_.cached("INSERT OR REPLACE INTO messages (conversation_id, seq, body) VALUES (?, ?, ?)")
          ->bind_all(m.conversation_id(), m.seq(), sqlite::Blob{m.SerializeAsString()})
          .run();
    } else if (e.has_message_translated()) {
      save_translation(e.message_translated());
    } else if (e.has_receipt() && e.receipt().member_id() != me) {
      const auto& r = e.receipt();
      const bool read = r.kind() == v1::Receipt::KIND_READ;
      db_.cached(
             "INSERT INTO marks (conversation_id, delivered_seq, read_seq) VALUES (?, ?, ?) "
             "ON CONFLICT (conversation_id) DO UPDATE SET "
             "delivered_seq = max(delivered_seq, excluded.delivered_seq), "
             "read_seq = max(read_seq, excluded.read_seq)")
          ->bind_all(r.conversation_id(), r.up_to_seq(), read ? r.up_to_seq() : int64_t{0})
          .run();
    }
    high = std::max(high, e.seq());
  }
  if (high > 0) {
    db_.cached("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', ?)")
        ->bind(1, std::to_string(high))
        .run();
  }
  tx.commit();
}

int64_t LocalCache::last_seq() {
  auto value = get_blob("last_seq");
  // A cursor that cannot be read (a damaged file) starts the stream from the beginning:
  // replayed events change nothing, while an exception here would end the client.
  int64_t seq = 0;
  if (!value ||
      std::from_chars(value->data(), value->data() + value->size(), seq).ec != std::errc{}) {
    return 0;
  }
  return std::max<int64_t>(seq, 0);
}

void LocalCache::save_messages(const std::vector<v1::Message>& messages) {
  Transaction tx(db_);
  for (const auto& m : messages) {
    db_.cached("INSERT OR REPLACE INTO messages (conversation_id, seq, body) VALUES (?, ?, ?)")
        ->bind_all(m.conversation_id(), m.seq(), sqlite::Blob{m.SerializeAsString()})
        .run();
  }
  tx.commit();
}

std::vector<v1::Message> LocalCache::page(int64_t conversation_id, int64_t before_seq, int limit) {
  auto stmt = db_.cached(
      "SELECT body FROM messages WHERE conversation_id = ? AND seq < ? "
      "ORDER BY seq DESC LIMIT ?");
  stmt->bind_all(conversation_id, before_seq > 0 ? before_seq : INT64_MAX, int64_t{limit});
  std::vector<v1::Message> out;
  while (stmt->step()) {
    v1::Message m;
    if (m.ParseFromString(stmt->blob(0))) out.push_back(std::move(m));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::pair<int64_t, int64_t> LocalCache::marks(int64_t conversation_id) {
  auto stmt = db_.cached("SELECT delivered_seq, read_seq FROM marks WHERE conversation_id = ?");
  stmt->bind(1, conversation_id);
  if (!stmt->step()) return {0, 0};
  return {stmt->int64(0), stmt->int64(1)};
}

void LocalCache::save_marks(int64_t conversation_id, int64_t delivered, int64_t read) {
  db_.cached(
         "INSERT INTO marks (conversation_id, delivered_seq, read_seq) VALUES (?, ?, ?) "
         "ON CONFLICT (conversation_id) DO UPDATE SET "
         "delivered_seq = max(delivered_seq, excluded.delivered_seq), "
         "read_seq = max(read_seq, excluded.read_seq)")
      ->bind_all(conversation_id, delivered, read)
      .run();
}

void LocalCache::put_blob(const std::string& key, const std::string& value) {
  db_.cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
      ->bind_all(key, sqlite::Blob{value})
      .run();
}

std::optional<std::string> LocalCache::get_blob(const std::string& key) {
  auto stmt = db_.cached("SELECT value FROM meta WHERE key = ?");
  stmt->bind(1, key);
  if (!stmt->step()) return std::nullopt;
  return stmt->blob(0);
}

void LocalCache::save_account(const v1::Account& account) {
  put_blob("account", account.SerializeAsString());
}

std::optional<v1::Account> LocalCache::account() {
  return parsed<v1::Account>(get_blob("account"));
}

void LocalCache::save_contacts(const v1::ListContactsResponse& contacts) {
  put_blob("contacts", contacts.SerializeAsString());
}

std::optional<v1::ListContactsResponse> LocalCache::contacts() {
  return parsed<v1::ListContactsResponse>(get_blob("contacts"));
}

void LocalCache::save_conversations(const v1::ListConversationsResponse& conversations) {
  put_blob("conversations", conversations.SerializeAsString());
}

std::optional<v1::ListConversationsResponse> LocalCache::conversations() {
  return parsed<v1::ListConversationsResponse>(get_blob("conversations"));
}

std::map<std::string, std::string> LocalCache::settings() {
  std::map<std::string, std::string> out;
  auto stmt = db_.cached("SELECT key, value FROM settings");
  while (stmt->step()) out[stmt->text(0)] = stmt->text(1);
  return out;
}

void LocalCache::set_setting(const std::string& key, const std::string& value) {
  db_.cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)")
      ->bind_all(key, value)
      .run();
}

void LocalCache::save_translation(const v1::MessageTranslated& t) {
  auto body = db_.cached("SELECT body FROM messages WHERE conversation_id = ? AND seq = ?");
  body->bind_all(t.conversation_id(), t.message_seq());
  if (!body->step()) return;  // not cached yet: history brings it with the message
  v1::Message m;
  if (!m.ParseFromString(body->blob(0))) return;
  body->reset();
  v1::MessageTranslated* slot = nullptr;
  for (auto& existing : *m.mutable_translations()) {
    if (existing.target_lang() == t.target_lang()) slot = &existing;
  }
  if (slot == nullptr) slot = m.add_translations();
  if (slot->state() == v1::TRANSLATION_STATE_DONE && t.state() != v1::TRANSLATION_STATE_DONE) {
    return;
  }
  *slot = t;
  db_.cached("UPDATE messages SET body = ? WHERE conversation_id = ? AND seq = ?")
      ->bind_all(sqlite::Blob{m.SerializeAsString()}, t.conversation_id(), t.message_seq())
      .run();
}

void LocalCache::add_to_outbox(const OutboxEntry& e) {
  auto stmt = db_.cached(
      "INSERT OR IGNORE INTO outbox (client_msg_id, chat, text, context, created_ms, "
      "attachments) VALUES (?, ?, ?, ?, ?, ?)");
  stmt->bind_all(e.client_msg_id, e.chat.name(), sqlite::Blob{e.text});
  if (e.context) {
    stmt->bind(4, sqlite::Blob{e.context->SerializeAsString()});
  } else {
    stmt->bind(4, std::nullopt);
  }
  stmt->bind(5, e.created_ms);
  if (e.attachments.empty()) {
    stmt->bind(6, std::nullopt);
  } else {
    // A Message holding only its attachments: the proto already knows how to keep a list.
    v1::Message holder;
    for (const auto& a : e.attachments) *holder.add_attachments() = a;
    stmt->bind(6, sqlite::Blob{holder.SerializeAsString()});
  }
  stmt->run();
}

std::vector<OutboxEntry> LocalCache::outbox() {
  auto stmt = db_.cached(
      "SELECT client_msg_id, chat, text, context, created_ms, failed, attachments FROM outbox "
      "ORDER BY position");
  std::vector<OutboxEntry> out;
  while (stmt->step()) {
    OutboxEntry e;
    e.client_msg_id = stmt->text(0);
    // A row that names no chat (written by hand, or damaged) is left where it is.
    auto chat = ChatKey::parse(stmt->text(1));
    if (!chat) continue;
    e.chat = std::move(*chat);
    e.text = stmt->blob(2);
    if (!stmt->is_null(3)) {
      v1::MessageContext c;
      if (c.ParseFromString(stmt->blob(3))) e.context = std::move(c);
    }
    e.created_ms = stmt->int64(4);
    e.failed = stmt->text(5);
    if (auto holder = stmt->is_null(6) ? std::nullopt : parsed<v1::Message>(stmt->blob(6))) {
      e.attachments.assign(holder->attachments().begin(), holder->attachments().end());
    }
    out.push_back(std::move(e));
  }
  return out;
}

void LocalCache::remove_from_outbox(const std::string& client_msg_id) {
  db_.cached("DELETE FROM outbox WHERE client_msg_id = ?")->bind(1, client_msg_id).run();
}

void LocalCache::mark_failed(const std::string& client_msg_id, const std::string& why) {
  db_.cached("UPDATE outbox SET failed = ? WHERE client_msg_id = ?")
      ->bind_all(why, client_msg_id)
      .run();
}

}  // namespace souk::client
