#include "server/storage/conversation_repository.hpp"

#include <algorithm>

#include "server/storage/file_repository.hpp"

namespace souk::storage {

namespace {

// A message this long would fill the writer's page cache with its own pages (measured: a
// 32 MiB text raised soukd's peak by 3.7x its size with them, 3.1x without).
constexpr size_t kLargeRowBytes = 1 << 20;
constexpr int64_t kLargeRowCacheKib = 4096;

// The conversation's kind and a direct chat's recipient, for a row of `messages m`.
#define MESSAGE_PLACE_COLUMNS                                       \
  "(SELECT kind FROM conversations WHERE id = m.conversation_id), " \
  "coalesce((SELECT ra.member_id FROM conversations c "             \
  "JOIN conversation_members cm ON cm.conversation_id = c.id "      \
  "JOIN accounts ra ON ra.id = cm.account_id "                      \
  "WHERE c.id = m.conversation_id AND c.kind = 1 AND cm.account_id <> m.sender_id), '')"

constexpr std::string_view kMessageColumns =
    "m.id, m.conversation_id, m.seq, m.sender_id, a.member_id, m.client_msg_id, m.text, m.lang, "
    "m.context_kind, m.context_id, m.context_title, m.context_url, m.created_at_ms, "
    "m.system_kind, m.system_member_id, m.system_name, " MESSAGE_PLACE_COLUMNS;

MessageRecord read_message(const Statement& row) {
  MessageRecord m;
  m.id = row.int64(0);
  m.conversation_id = row.int64(1);
  m.seq = row.int64(2);
  m.sender_id = row.int64(3);
  m.sender_member_id = row.text(4);
  m.client_msg_id = row.text(5);
  m.text = row.text(6);
  m.lang = row.text(7);
  m.context = {static_cast<int>(row.int64(8)), row.text(9), row.text(10), row.text(11)};
  m.created_at_ms = row.int64(12);
  m.system = {static_cast<int>(row.int64(13)), row.text(14), row.text(15)};
  m.conversation_kind = static_cast<int>(row.int64(16));
  m.recipient_member_id = row.text(17);
  return m;
}

void with_attachments(Database& db, std::vector<MessageRecord>& messages) {
  std::vector<MessageRecord*> pointers;
  for (auto& m : messages) pointers.push_back(&m);
  load_attachments(db, std::move(pointers));
}

bool raise(Database& db, const char* sql, int64_t conversation_id, int64_t account_id,
           int64_t seq) {
  auto stmt = db.cached(sql);
  stmt->bind_all(seq, conversation_id, account_id, seq).run();
  return db.changes() > 0;
}

}  // namespace

std::string direct_key(int64_t a, int64_t b) {
  return std::to_string(std::min(a, b)) + ":" + std::to_string(std::max(a, b));
}

std::optional<int64_t> find_direct_conversation(Database& db, int64_t a, int64_t b) {
  auto stmt = db.cached("SELECT id FROM conversations WHERE direct_key = ?");
  stmt->bind(1, std::string_view(direct_key(a, b)));
  if (!stmt->step()) return std::nullopt;
  return stmt->int64(0);
}

int64_t create_direct_conversation(Database& db, int64_t a, int64_t b, int64_t now_ms) {
  {
    auto stmt = db.cached(
        "INSERT INTO conversations (kind, direct_key, last_activity_ms, created_at_ms) "
        "VALUES (1, ?, ?, ?)");
    stmt->bind_all(std::string_view(direct_key(a, b)), now_ms, now_ms).run();
  }
  const int64_t id = db.last_insert_rowid();
  auto member =
      db.cached("INSERT INTO conversation_members (conversation_id, account_id) VALUES (?, ?)");
  member->bind_all(id, a).run();
  member->reset();
  member->bind_all(id, b).run();
  return id;
}

int64_t next_conversation_seq(Database& db, int64_t conversation_id, int64_t now_ms) {
  auto stmt = db.cached(
      "UPDATE conversations SET last_seq = last_seq + 1, last_activity_ms = ? WHERE id = ? "
      "RETURNING last_seq");
  stmt->bind_all(now_ms, conversation_id);
  if (!stmt->step()) throw SqliteError(SQLITE_ERROR, "conversation vanished");
  return stmt->int64(0);
}

int64_t conversation_last_seq(Database& db, int64_t conversation_id) {
  auto stmt = db.cached("SELECT last_seq FROM conversations WHERE id = ?");
  stmt->bind(1, conversation_id);
  return stmt->step() ? stmt->int64(0) : 0;
}

std::vector<MemberState> conversation_members(Database& db, int64_t conversation_id) {
  auto stmt = db.cached(
      "SELECT account_id, delivered_seq, read_seq FROM conversation_members "
      "WHERE conversation_id = ?");
  stmt->bind(1, conversation_id);
  std::vector<MemberState> out;
  while (stmt->step()) out.push_back({stmt->int64(0), stmt->int64(1), stmt->int64(2)});
  return out;
}

std::optional<MemberState> member_state(Database& db, int64_t conversation_id, int64_t account_id) {
  auto stmt = db.cached(
      "SELECT account_id, delivered_seq, read_seq FROM conversation_members "
      "WHERE conversation_id = ? AND account_id = ?");
  stmt->bind_all(conversation_id, account_id);
  if (!stmt->step()) return std::nullopt;
  return MemberState{stmt->int64(0), stmt->int64(1), stmt->int64(2)};
}

std::optional<int64_t> member_history_from(Database& db, int64_t conversation_id,
                                           int64_t account_id) {
  auto stmt = db.cached(
      "SELECT history_from_seq FROM conversation_members "
      "WHERE conversation_id = ? AND account_id = ?");
  stmt->bind_all(conversation_id, account_id);
  if (!stmt->step()) return std::nullopt;
  return stmt->int64(0);
}

bool raise_delivered_seq(Database& db, int64_t conversation_id, int64_t account_id, int64_t seq) {
  return raise(db,
               "UPDATE conversation_members SET delivered_seq = ? WHERE conversation_id = ? AND "
               "account_id = ? AND delivered_seq < ?",
               conversation_id, account_id, seq);
}

bool raise_read_seq(Database& db, int64_t conversation_id, int64_t account_id, int64_t seq) {
  // Reading implies having received.
  raise_delivered_seq(db, conversation_id, account_id, seq);
  return raise(db,
               "UPDATE conversation_members SET read_seq = ? WHERE conversation_id = ? AND "
               "account_id = ? AND read_seq < ?",
               conversation_id, account_id, seq);
}

int64_t insert_message(Database& db, const MessageRecord& m) {
  if (m.text.size() >= kLargeRowBytes) db.shrink_cache_until_commit(kLargeRowCacheKib);
  auto stmt = db.cached(
      "INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, text, lang, "
      "context_kind, context_id, context_title, context_url, created_at_ms, system_kind, "
      "system_member_id, system_name) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  stmt->bind_all(m.conversation_id, m.seq, m.sender_id, std::string_view(m.client_msg_id),
                 Borrowed{m.text}, std::string_view(m.lang), static_cast<int64_t>(m.context.kind),
                 std::string_view(m.context.id), std::string_view(m.context.title),
                 std::string_view(m.context.url), m.created_at_ms,
                 static_cast<int64_t>(m.system.kind), std::string_view(m.system.member_id),
                 std::string_view(m.system.name))
      .run();
  return db.last_insert_rowid();
}

void load_place(Database& db, MessageRecord& m) {
  auto stmt = db.cached("SELECT " MESSAGE_PLACE_COLUMNS
                        " FROM (SELECT ? AS conversation_id, ? AS sender_id) m");
  stmt->bind_all(m.conversation_id, m.sender_id);
  if (!stmt->step()) return;
  m.conversation_kind = static_cast<int>(stmt->int64(0));
  m.recipient_member_id = stmt->text(1);
}

std::optional<MessageRecord> find_message_by_client_id(Database& db, int64_t sender_id,
                                                       const std::string& client_msg_id) {
  static const std::string sql = "SELECT " + std::string(kMessageColumns) +
                                 " FROM messages m JOIN accounts a ON a.id = m.sender_id "
                                 "WHERE m.sender_id = ? AND m.client_msg_id = ?";
  auto stmt = db.cached(sql);
  stmt->bind_all(sender_id, std::string_view(client_msg_id));
  if (!stmt->step()) return std::nullopt;
  auto message = read_message(*stmt);
  load_attachments(db, {&message});
  return message;
}

std::vector<MessageRecord> message_page(Database& db, int64_t conversation_id, int64_t before_seq,
                                        int64_t after_seq, int limit, SeqWindow window,
                                        size_t max_bytes, bool* cut) {
  static const std::string select =
      "SELECT " + std::string(kMessageColumns) +
      " FROM messages m JOIN accounts a ON a.id = m.sender_id WHERE m.conversation_id = ? "
      "AND m.seq > ? AND m.seq <= ? ";
  static const std::string after_sql = select + "AND m.seq > ? ORDER BY m.seq ASC LIMIT ?";
  static const std::string before_sql = select + "AND m.seq < ? ORDER BY m.seq DESC LIMIT ?";
  if (cut != nullptr) *cut = false;
  std::vector<MessageRecord> out;
  size_t bytes = 0;
  // Rows come nearest to the starting point first, so a page cut short by bytes still
  // joins up with the next one.
  auto read_rows = [&](Statement& stmt) {
    while (stmt.step()) {
      auto m = read_message(stmt);
      bytes += m.text.size();
      if (!out.empty() && bytes > max_bytes) {
        if (cut != nullptr) *cut = true;
        break;
      }
      out.push_back(std::move(m));
    }
  };
  if (after_seq > 0) {
    auto stmt = db.cached(after_sql);
    stmt->bind_all(conversation_id, window.from_exclusive, window.to_inclusive, after_seq,
                   static_cast<int64_t>(limit));
    read_rows(*stmt);
    with_attachments(db, out);
    return out;
  }
  auto stmt = db.cached(before_sql);
  stmt->bind_all(conversation_id, window.from_exclusive, window.to_inclusive,
                 before_seq > 0 ? before_seq : INT64_MAX, static_cast<int64_t>(limit));
  read_rows(*stmt);
  std::reverse(out.begin(), out.end());
  with_attachments(db, out);
  return out;
}

std::vector<ConversationSummary> conversations_of(Database& db, int64_t account_id) {
  // The peer of a direct conversation is its other member.
  auto stmt = db.cached(
      "SELECT c.id, c.kind, c.last_seq, c.last_activity_ms, me.read_seq, "
      "  coalesce(pa.member_id, ''), coalesce(pa.display_name, ''), me.history_from_seq, c.name, "
      "  CASE WHEN c.kind = 2 THEN (SELECT count(*) FROM conversation_members n "
      "    WHERE n.conversation_id = c.id) ELSE 0 END "
      "FROM conversation_members me "
      "JOIN conversations c ON c.id = me.conversation_id "
      "LEFT JOIN conversation_members peer ON c.kind = 1 AND peer.conversation_id = c.id "
      "  AND peer.account_id != me.account_id "
      "LEFT JOIN accounts pa ON pa.id = peer.account_id "
      "WHERE me.account_id = ? ORDER BY c.last_activity_ms DESC, c.id DESC");
  stmt->bind(1, account_id);
  std::vector<ConversationSummary> out;
  while (stmt->step()) {
    out.push_back({stmt->int64(0), static_cast<ConversationKind>(stmt->int64(1)), stmt->int64(2),
                   stmt->int64(3), stmt->int64(4), stmt->text(5), stmt->text(6), stmt->int64(7),
                   stmt->text(8), static_cast<int>(stmt->int64(9))});
  }
  return out;
}

int64_t unread_count(Database& db, int64_t conversation_id, int64_t account_id, int64_t read_seq) {
  auto stmt = db.cached(
      "SELECT count(*) FROM messages WHERE conversation_id = ? AND seq > ? AND sender_id != ? "
      "AND system_kind = 0");
  stmt->bind_all(conversation_id, read_seq, account_id);
  return stmt->step() ? stmt->int64(0) : 0;
}

}  // namespace souk::storage
