#include "server/storage/translation_repository.hpp"

namespace souk::storage {

namespace {

constexpr std::string_view kTranslationColumns =
    "id, message_id, conversation_id, message_seq, target_lang, source_lang, source_detected, "
    "state, text, error, engine, attempts, next_retry_ms, updated_at_ms, cached";

TranslationRecord translation_from(const Statement& s) {
  TranslationRecord t;
  t.id = s.int64(0);
  t.message_id = s.int64(1);
  t.conversation_id = s.int64(2);
  t.message_seq = s.int64(3);
  t.target_lang = s.text(4);
  t.source_lang = s.text(5);
  t.source_detected = s.int64(6) != 0;
  t.state = static_cast<TranslationState>(s.int64(7));
  t.text = s.text(8);
  t.error = s.text(9);
  t.engine = s.text(10);
  t.attempts = static_cast<int>(s.int64(11));
  t.next_retry_ms = s.int64(12);
  t.updated_at_ms = s.int64(13);
  t.cached = s.int64(14) != 0;
  return t;
}

std::string select_translations(std::string_view where) {
  return "SELECT " + std::string(kTranslationColumns) + " FROM message_translations WHERE " +
         std::string(where);
}

}  // namespace

TranslationSettingsRecord translation_settings(Database& db, int64_t account_id) {
  auto stmt = db.cached(
      "SELECT auto_translate, target_lang, write_in FROM translation_settings "
      "WHERE account_id = ?");
  stmt->bind(1, account_id);
  if (!stmt->step()) return {};
  return {stmt->int64(0) != 0, stmt->text(1), stmt->text(2)};
}

void put_translation_settings(Database& db, int64_t account_id, const TranslationSettingsRecord& s,
                              int64_t now_ms) {
  auto stmt = db.cached(
      "INSERT INTO translation_settings (account_id, auto_translate, target_lang, write_in, "
      "updated_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET "
      "auto_translate = excluded.auto_translate, target_lang = excluded.target_lang, "
      "write_in = excluded.write_in, updated_at_ms = excluded.updated_at_ms");
  stmt->bind_all(account_id, int64_t{s.auto_translate ? 1 : 0}, s.target_lang, s.write_in, now_ms)
      .run();
}

std::vector<TranslationWanted> auto_translation_targets(Database& db,
                                                        const std::vector<int64_t>& accounts) {
  std::vector<TranslationWanted> out;
  for (const int64_t account : accounts) {
    auto stmt = db.cached(
        "SELECT target_lang FROM translation_settings "
        "WHERE account_id = ? AND auto_translate = 1 AND target_lang != ''");
    stmt->bind(1, account);
    if (stmt->step()) out.push_back({account, stmt->text(0)});
  }
  return out;
}

std::optional<int64_t> claim_message_translation(Database& db, const TranslationRecord& t) {
  auto stmt = db.cached(
      "INSERT INTO message_translations (message_id, conversation_id, message_seq, target_lang, "
      "source_lang, source_detected, state, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, 0, ?) "
      "ON CONFLICT (message_id, target_lang) DO NOTHING RETURNING id");
  stmt->bind_all(t.message_id, t.conversation_id, t.message_seq, t.target_lang, t.source_lang,
                 int64_t{t.source_detected ? 1 : 0}, t.updated_at_ms);
  if (!stmt->step()) return std::nullopt;
  return stmt->int64(0);
}

void update_message_translation(Database& db, const TranslationRecord& t) {
  auto stmt = db.cached(
      "UPDATE message_translations SET source_lang = ?, source_detected = ?, state = ?, "
      "text = ?, error = ?, engine = ?, attempts = ?, next_retry_ms = ?, updated_at_ms = ?, "
      "cached = ? WHERE id = ?");
  stmt->bind_all(t.source_lang, int64_t{t.source_detected ? 1 : 0}, static_cast<int64_t>(t.state),
                 t.text, t.error, t.engine, static_cast<int64_t>(t.attempts), t.next_retry_ms,
                 t.updated_at_ms, int64_t{t.cached ? 1 : 0}, t.id)
      .run();
}

std::optional<TranslationRecord> find_message_translation(Database& db, int64_t id) {
  auto stmt = db.cached(select_translations("id = ?"));
  stmt->bind(1, id);
  if (!stmt->step()) return std::nullopt;
  return translation_from(*stmt);
}

std::optional<TranslationRecord> find_message_translation(Database& db, int64_t message_id,
                                                          const std::string& target_lang) {
  auto stmt = db.cached(select_translations("message_id = ? AND target_lang = ?"));
  stmt->bind_all(message_id, target_lang);
  if (!stmt->step()) return std::nullopt;
  return translation_from(*stmt);
}

std::vector<TranslationRecord> due_message_translations(Database& db, int64_t now_ms,
                                                        int max_attempts, int limit) {
  auto stmt =
      db.cached(select_translations("state IN (0, 2) AND next_retry_ms <= ? AND attempts < ? "
                                    "ORDER BY next_retry_ms LIMIT ?"));
  stmt->bind_all(now_ms, static_cast<int64_t>(max_attempts), static_cast<int64_t>(limit));
  std::vector<TranslationRecord> out;
  while (stmt->step()) out.push_back(translation_from(*stmt));
  return out;
}

int requeue_pending_translations(Database& db, int64_t now_ms) {
  db.prepare("UPDATE message_translations SET next_retry_ms = ? WHERE state = 0")
      .bind(1, now_ms)
      .run();
  return db.changes();
}

std::optional<std::string> cached_translation(Database& db, std::string_view text_hash,
                                              const std::string& source, const std::string& target,
                                              const std::string& engine) {
  auto stmt = db.cached(
      "SELECT translation FROM translation_cache "
      "WHERE text_hash = ? AND source_lang = ? AND target_lang = ? AND engine = ?");
  stmt->bind_all(Blob{text_hash}, source, target, engine);
  if (!stmt->step()) return std::nullopt;
  return stmt->text(0);
}

void put_cached_translation(Database& db, std::string_view text_hash, const std::string& source,
                            const std::string& target, const std::string& engine,
                            const std::string& translation, int64_t now_ms) {
  auto stmt = db.cached(
      "INSERT INTO translation_cache (text_hash, source_lang, target_lang, engine, translation, "
      "created_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  stmt->bind_all(Blob{text_hash}, source, target, engine, translation, now_ms).run();
}

std::optional<MessageSource> find_message_source(Database& db, int64_t message_id) {
  auto stmt = db.cached(
      "SELECT id, conversation_id, seq, sender_id, text, lang FROM messages WHERE id = ?");
  stmt->bind(1, message_id);
  if (!stmt->step()) return std::nullopt;
  return MessageSource{stmt->int64(0), stmt->int64(1), stmt->int64(2),
                       stmt->int64(3), stmt->text(4),  stmt->text(5)};
}

}  // namespace souk::storage
