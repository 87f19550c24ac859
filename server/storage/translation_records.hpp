#pragma once

#include <cstdint>
#include <string>

namespace souk::storage {

// What a user chose in Settings -> Chat -> Translation; stored per account.
struct TranslationSettingsRecord {
  bool auto_translate = false;
  std::string target_lang;
  std::string write_in;  // empty: auto
};

// souk.v1.TranslationState, plus the state of a row whose job has not finished yet.
enum class TranslationState : int { kPending = 0, kDone = 1, kFailed = 2, kUnsupported = 3 };

// One message in one target language: translated once, whoever wants it.
struct TranslationRecord {
  int64_t id = 0;
  int64_t message_id = 0;
  int64_t conversation_id = 0;
  int64_t message_seq = 0;
  std::string source_lang;
  bool source_detected = false;
  std::string target_lang;
  TranslationState state = TranslationState::kPending;
  std::string text;
  std::string error;
  std::string engine;
  bool cached = false;  // the engine was not asked: the text had been translated before
  int attempts = 0;
  int64_t next_retry_ms = 0;
  int64_t updated_at_ms = 0;
};

}  // namespace souk::storage
