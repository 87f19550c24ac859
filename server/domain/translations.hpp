#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/domain/accounts.hpp"
#include "server/domain/event_hub.hpp"
#include "server/storage/chat_records.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"
#include "server/translate/cached_translator.hpp"

namespace souk::domain {

struct TranslationOptions {
  int64_t max_text_bytes = 64LL << 20;  // Translate of a draft: as for a message
  // Text sent to Translate (a draft), checked first: each byte is engine time on a request
  // thread, whereas a message's own text is translated once, by a job, and cached.
  int64_t max_request_bytes = 64LL << 10;
  int64_t retry_ms = 30'000;  // first retry after a failure; doubles each time
  int max_attempts = 5;
  // Translation jobs waiting or running at once. A message past it is delivered as ever;
  // its translation is stored as failed and retried like any failed one.
  int queue_limit = 1000;
};

struct TranslationSettingsInput {
  bool auto_translate = false;
  std::string target_lang;
  std::string write_in;
};

struct TranslateInput {
  std::string text;        // a draft, or
  int64_t message_id = 0;  // a message the caller can see
  std::string to;
  std::string from;
};

struct TranslateOutput {
  std::string text;
  std::string source_lang;
  bool source_detected = false;
  std::string target_lang;
  bool cached = false;
  std::string engine;
};

struct LanguagesInfo {
  std::string engine;
  std::vector<translate::LanguagePair> pairs;
  std::vector<std::string> languages;
  std::vector<std::string> targets;
};

// Per-user translation settings, on-demand translation, and the background jobs that
// translate each received message once per target language and tell the members who want
// it. Nothing here runs on the delivery path: jobs start after the message was published
// and run on their own pool, so a slow or dead engine never holds a message back.
class Translations {
 public:
  // `jobs` runs the background translations; `requests` what a user waits for (on-demand
  // translation, settings, languages), so that a long background job never delays them.
  Translations(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
               EventHub& hub, translate::CachedTranslator& translator,
               boost::asio::thread_pool& jobs, boost::asio::thread_pool& requests,
               TranslationOptions options);

  // Requeues jobs a previous run left unfinished and starts the retry timer.
  void start();
  void stop();

  Result<storage::TranslationSettingsRecord> settings(const Session& who);
  void set_settings(const Session& who, TranslationSettingsInput input,
                    Reply<storage::TranslationSettingsRecord> reply);
  // On demand; the reply comes from the request pool.
  void translate(const Session& who, TranslateInput input, Reply<TranslateOutput> reply);
  // Asks the engine, which may mean a network call: from the request pool.
  void languages(Reply<LanguagesInfo> reply);
  // For GetHistory: each message's translation into the reader's target language, by id.
  std::map<int64_t, storage::TranslationRecord> for_history(
      const Session& who, const std::vector<storage::MessageRecord>& messages);

  // A message was committed and published to `members`; queues its translations.
  void on_message(std::shared_ptr<const storage::MessageRecord> message,
                  std::vector<int64_t> members);

 private:
  struct Source {
    std::string lang;
    bool detected = false;
  };
  // The declared language, else the sender's "I write in", else CLD2's guess.
  std::optional<Source> resolve_source(const std::string& declared, int64_t sender_id,
                                       std::string_view text);
  void translate_message(std::shared_ptr<const storage::MessageRecord> message,
                         std::vector<int64_t> members);
  // Runs one (message, target) job and tells `recipients`.
  void attempt(storage::TranslationRecord record, const std::string& text,
               std::vector<int64_t> recipients);
  // A due job from storage; `lang` and `sender_id` are its message's.
  void retry(storage::TranslationRecord record, std::string text, const std::string& lang,
             int64_t sender_id, std::vector<int64_t> recipients);
  void schedule_retries();
  void run_due();
  // A place among the jobs, or false at queue_limit; each true is followed by release_job().
  bool reserve_job();
  void release_job();
  // For a message that found the jobs full: its translations stored as failed, to retry.
  void defer(std::shared_ptr<const storage::MessageRecord> message, std::vector<int64_t> members);
  // Stores `record` and tells those of `recipients` who may see its message.
  void store_outcome(std::shared_ptr<const storage::TranslationRecord> record,
                     std::vector<int64_t> recipients);

  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  EventHub& hub_;
  translate::CachedTranslator& translator_;
  boost::asio::thread_pool& jobs_;
  boost::asio::thread_pool& requests_;
  const TranslationOptions options_;

  std::mutex mu_;
  std::set<int64_t> running_;  // translation rows with an attempt in progress
  int queued_ = 0;             // jobs posted and not yet finished, at most queue_limit
  bool stopped_ = false;
  boost::asio::steady_timer retry_timer_;
};

}  // namespace souk::domain
