#include "server/storage/event_repository.hpp"

#include "server/storage/event_log_counters.hpp"
#include "server/storage/file_repository.hpp"
#include "server/storage/translation_repository.hpp"

namespace souk::storage {

int64_t append_event(Database& db, int64_t account_id, const EventRecord& e) {
  int64_t seq = 0;
  if (auto* counters = EventLogCounters::for_database(db)) {
    seq = counters->next(db, account_id);
  } else {
    auto next = db.cached(
        "INSERT INTO event_logs (account_id, last_seq) VALUES (?, 1) "
        "ON CONFLICT (account_id) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq");
    next->bind(1, account_id);
    if (!next->step()) throw SqliteError(SQLITE_ERROR, "event log did not advance");
    seq = next->int64(0);
  }
  auto insert = db.cached(
      "INSERT INTO events (account_id, seq, kind, conversation_id, message_id, actor_id, value, "
      "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert->bind_all(account_id, seq, static_cast<int64_t>(e.kind), e.conversation_id);
  if (e.message) {
    insert->bind(5, e.message->id);
  } else {
    insert->bind(5, std::nullopt);
  }
  insert->bind(6, e.actor_id).bind(7, e.value).bind(8, e.created_at_ms).run();
  return seq;
}

std::vector<EventRecord> read_events(Database& db, int64_t account_id, int64_t after_seq, int limit,
                                     size_t max_bytes) {
  auto stmt = db.cached(
      "SELECT e.seq, e.kind, e.conversation_id, e.actor_id, coalesce(actor.member_id, ''), "
      "  e.value, e.created_at_ms, "
      "  m.id, m.seq, m.sender_id, sender.member_id, m.client_msg_id, m.text, m.lang, "
      "  m.context_kind, m.context_id, m.context_title, m.context_url, m.created_at_ms, "
      "  m.system_kind, m.system_member_id, m.system_name, "
      "  (SELECT kind FROM conversations WHERE id = m.conversation_id), "
      "  coalesce((SELECT ra.member_id FROM conversations c "
      "    JOIN conversation_members cm ON cm.conversation_id = c.id "
      "    JOIN accounts ra ON ra.id = cm.account_id "
      "    WHERE c.id = m.conversation_id AND c.kind = 1 AND cm.account_id <> m.sender_id), '') "
      "FROM events e "
      "LEFT JOIN accounts actor ON actor.id = e.actor_id "
      "LEFT JOIN messages m ON m.id = e.message_id "
      "LEFT JOIN accounts sender ON sender.id = m.sender_id "
      "WHERE e.account_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?");
  stmt->bind_all(account_id, after_seq, static_cast<int64_t>(limit));
  std::vector<EventRecord> out;
  std::vector<MessageRecord*> messages;
  size_t bytes = 0;
  while (stmt->step()) {
    EventRecord e;
    e.seq = stmt->int64(0);
    e.kind = static_cast<EventKind>(stmt->int64(1));
    e.conversation_id = stmt->int64(2);
    e.actor_id = stmt->int64(3);
    e.actor_member_id = stmt->text(4);
    e.value = stmt->int64(5);
    e.created_at_ms = stmt->int64(6);
    if (!stmt->is_null(7)) {
      auto m = std::make_shared<MessageRecord>();
      m->id = stmt->int64(7);
      m->conversation_id = e.conversation_id;
      m->seq = stmt->int64(8);
      m->sender_id = stmt->int64(9);
      m->sender_member_id = stmt->text(10);
      m->client_msg_id = stmt->text(11);
      m->text = stmt->text(12);
      m->lang = stmt->text(13);
      m->context = {static_cast<int>(stmt->int64(14)), stmt->text(15), stmt->text(16),
                    stmt->text(17)};
      m->created_at_ms = stmt->int64(18);
      m->system = {static_cast<int>(stmt->int64(19)), stmt->text(20), stmt->text(21)};
      m->conversation_kind = static_cast<int>(stmt->int64(22));
      m->recipient_member_id = stmt->text(23);
      messages.push_back(m.get());
      e.message = std::move(m);
    } else if (e.kind == EventKind::kMessage) {
      continue;  // the message itself was removed by retention
    }
    if (e.kind == EventKind::kMessageTranslated) {
      auto t = find_message_translation(db, e.value);
      if (!t) continue;  // went with its message (retention)
      e.translation = std::make_shared<TranslationRecord>(std::move(*t));
    }
    bytes +=
        (e.message ? e.message->text.size() : 0) + (e.translation ? e.translation->text.size() : 0);
    if (!out.empty() && bytes > max_bytes) {
      if (e.message) messages.pop_back();
      break;  // the next read starts with this one
    }
    out.push_back(std::move(e));
  }
  load_attachments(db, std::move(messages));
  return out;
}

int64_t oldest_event_seq(Database& db, int64_t account_id) {
  auto stmt = db.cached("SELECT min(seq) FROM events WHERE account_id = ?");
  stmt->bind(1, account_id);
  return stmt->step() ? stmt->int64(0) : 0;
}

int64_t last_event_seq(Database& db, int64_t account_id) {
  if (auto* counters = EventLogCounters::for_database(db)) {
    if (auto last = counters->last(account_id)) return *last;
  }
  auto stmt = db.cached("SELECT last_seq FROM event_logs WHERE account_id = ?");
  stmt->bind(1, account_id);
  return stmt->step() ? stmt->int64(0) : 0;
}

AckedRange advance_acked_seq(Database& db, int64_t account_id, int64_t ack_seq) {
  auto read = db.cached("SELECT acked_seq, last_seq FROM event_logs WHERE account_id = ?");
  read->bind(1, account_id);
  if (!read->step()) return {};
  const int64_t acked = read->int64(0);
  int64_t last = read->int64(1);
  if (auto* counters = EventLogCounters::for_database(db)) {
    last = counters->last(account_id).value_or(last);
  }
  const int64_t target = std::min(ack_seq, last);
  if (target <= acked) return {};
  auto write = db.cached("UPDATE event_logs SET acked_seq = ? WHERE account_id = ?");
  write->bind_all(target, account_id).run();
  return {acked, target};
}

std::vector<ConversationHigh> received_in_range(Database& db, int64_t account_id,
                                                AckedRange range) {
  auto stmt = db.cached(
      "SELECT e.conversation_id, max(m.seq) FROM events e JOIN messages m ON m.id = e.message_id "
      "WHERE e.account_id = ? AND e.seq > ? AND e.seq <= ? AND e.kind = 1 "
      "AND m.sender_id != ? GROUP BY e.conversation_id");
  stmt->bind_all(account_id, range.from_exclusive, range.to_inclusive, account_id);
  std::vector<ConversationHigh> out;
  while (stmt->step()) out.push_back({stmt->int64(0), stmt->int64(1)});
  return out;
}

// Retention trims each log from its oldest end: a log is appended in time order, so what
// is older than the cutoff is a run of seqs at its start. Walking every log's head costs a
// few seeks per user an hour, where an index by time cost every event a second B-tree
// insert (and its page in every commit).
int delete_events_before(Database& db, int64_t cutoff_ms) {
  auto logs = db.prepare("SELECT account_id FROM event_logs");
  auto trim = db.prepare(
      "DELETE FROM events WHERE account_id = ?1 AND seq < coalesce("
      "  (SELECT seq FROM events WHERE account_id = ?1 AND created_at_ms >= ?2 ORDER BY seq "
      "   LIMIT 1),"
      "  (SELECT max(seq) + 1 FROM events WHERE account_id = ?1))");
  int deleted = 0;
  while (logs.step()) {
    trim.reset();
    trim.bind_all(logs.int64(0), cutoff_ms).run();
    deleted += db.changes();
  }
  return deleted;
}

int64_t first_message_kept(Database& db, int64_t cutoff_ms) {
  // Row ids grow with time, so the messages older than the cutoff are the ids below the
  // first one that is not; finding it reads only the rows that are about to go.
  auto stmt = db.prepare(
      "SELECT coalesce("
      "  (SELECT id FROM messages WHERE created_at_ms >= ? ORDER BY id LIMIT 1),"
      "  (SELECT max(id) + 1 FROM messages), 0)");
  stmt.bind(1, cutoff_ms);
  return stmt.step() ? stmt.int64(0) : 0;
}

int delete_messages_before(Database& db, int64_t cutoff_ms) {
  db.prepare("DELETE FROM messages WHERE id < ?").bind(1, first_message_kept(db, cutoff_ms)).run();
  return db.changes();
}

}  // namespace souk::storage
