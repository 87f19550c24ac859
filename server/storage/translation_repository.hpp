#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/storage/sqlite.hpp"
#include "server/storage/translation_records.hpp"

namespace souk::storage {

// Defaults (off, no target, auto) for a user who never chose.
TranslationSettingsRecord translation_settings(Database& db, int64_t account_id);
void put_translation_settings(Database& db, int64_t account_id,
                              const TranslationSettingsRecord& settings, int64_t now_ms);

struct TranslationWanted {
  int64_t account_id = 0;
  std::string target_lang;
};
// Of these accounts, those with automatic translation on, and into what.
std::vector<TranslationWanted> auto_translation_targets(Database& db,
                                                        const std::vector<int64_t>& accounts);

// Records that (message, target) is being translated. Returns the new row's id, or nothing
// when some job already has it: each pair is translated once.
std::optional<int64_t> claim_message_translation(Database& db, const TranslationRecord& pending);
// Stores a job's outcome (state, text, error, attempts, next_retry_ms, engine, source).
void update_message_translation(Database& db, const TranslationRecord& outcome);
std::optional<TranslationRecord> find_message_translation(Database& db, int64_t id);
std::optional<TranslationRecord> find_message_translation(Database& db, int64_t message_id,
                                                          const std::string& target_lang);
// Failed (and pending, after a restart) rows whose retry time has come.
std::vector<TranslationRecord> due_message_translations(Database& db, int64_t now_ms,
                                                        int max_attempts, int limit);
// A job in flight when soukd stopped left its row pending: make it due now.
int requeue_pending_translations(Database& db, int64_t now_ms);

// The engine's earlier result for exactly this text, source, target and engine.
std::optional<std::string> cached_translation(Database& db, std::string_view text_hash,
                                              const std::string& source, const std::string& target,
                                              const std::string& engine);
void put_cached_translation(Database& db, std::string_view text_hash, const std::string& source,
                            const std::string& target, const std::string& engine,
                            const std::string& translation, int64_t now_ms);

// What a message needs for translating it on demand.
struct MessageSource {
  int64_t id = 0;
  int64_t conversation_id = 0;
  int64_t seq = 0;
  int64_t sender_id = 0;
  std::string text;
  std::string lang;
};
std::optional<MessageSource> find_message_source(Database& db, int64_t message_id);

}  // namespace souk::storage
