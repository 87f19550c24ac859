// The background side of Translations: one job per (message, target language), its
// outcome stored and sent to the members who want it, failures retried with backoff.
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <map>

#include "server/domain/translations.hpp"
#include "server/domain/visibility.hpp"
#include "server/storage/conversation_repository.hpp"
#include "server/storage/event_repository.hpp"
#include "server/storage/translation_repository.hpp"
#include "server/translate/language_codes.hpp"

namespace souk::domain {

using storage::Database;
using storage::TranslationRecord;
using storage::TranslationState;

namespace {

// Inside the write that stores `record`: an event for each recipient who may be told of
// it. Asked here, in the write, so that a member who left or joined while the engine
// worked is judged as they are now: only current members whose history holds the message.
void tell(Database& db, const std::shared_ptr<const TranslationRecord>& record,
          const std::vector<int64_t>& recipients, EventHub::Delivery& delivery) {
  storage::EventRecord e;
  e.kind = storage::EventKind::kMessageTranslated;
  e.conversation_id = record->conversation_id;
  e.value = record->id;
  e.translation = record;
  e.created_at_ms = record->updated_at_ms;
  for (const int64_t account : recipients) {
    if (!visibility::may_be_told_of(db, account, record->conversation_id, record->message_seq)) {
      continue;
    }
    storage::EventRecord copy = e;
    copy.seq = storage::append_event(db, account, copy);
    delivery.emplace_back(account, std::move(copy));
  }
}

bool same_language(const std::string& a, const std::string& b) {
  return translate::primary_language(a) == translate::primary_language(b);
}

}  // namespace

void Translations::start() {
  auto requeued = writer_.submit([this](Database& db) {
    const int n = storage::requeue_pending_translations(db, clock_.now_ms());
    if (n > 0) spdlog::info("translation: {} unfinished jobs queued again", n);
    return Status::Ok();
  });
  (void)requeued.get();
  schedule_retries();
}

void Translations::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  retry_timer_.cancel();
}

void Translations::on_message(std::shared_ptr<const storage::MessageRecord> message,
                              std::vector<int64_t> members) {
  if (message->text.empty()) return;  // a photo or file alone has no words to translate
  if (!reserve_job()) return defer(std::move(message), std::move(members));
  boost::asio::post(jobs_, [this, message = std::move(message), members = std::move(members)] {
    translate_message(message, members);
    release_job();
  });
}

bool Translations::reserve_job() {
  std::lock_guard lock(mu_);
  if (queued_ >= options_.queue_limit) return false;
  ++queued_;
  return true;
}

void Translations::release_job() {
  std::lock_guard lock(mu_);
  --queued_;
}

void Translations::defer(std::shared_ptr<const storage::MessageRecord> message,
                         std::vector<int64_t> members) {
  std::erase(members, message->sender_id);
  if (members.empty()) return;
  spdlog::warn("translation: {} jobs waiting; message {} is translated later", options_.queue_limit,
               message->id);
  const int64_t now = clock_.now_ms();
  const int64_t retry_at = now + options_.retry_ms;
  auto delivery = std::make_shared<EventHub::Delivery>();
  // One write, no engine and no reader: whatever the jobs are stuck on does not reach the
  // delivery path that calls this.
  writer_.submit(
      [message, members = std::move(members), now, retry_at, delivery](Database& db) -> Status {
        std::map<std::string, std::vector<int64_t>> by_target;
        for (const auto& w : storage::auto_translation_targets(db, members)) {
          by_target[w.target_lang].push_back(w.account_id);
        }
        // The source as far as it is known without reading the text; a language that has
        // to be detected is detected when the job runs.
        std::string source = translate::normalize_lang(message->lang);
        if (source.empty()) source = storage::translation_settings(db, message->sender_id).write_in;
        for (const auto& [target, recipients] : by_target) {
          if (!source.empty() && same_language(source, target)) continue;
          TranslationRecord record;
          record.message_id = message->id;
          record.conversation_id = message->conversation_id;
          record.message_seq = message->seq;
          record.target_lang = target;
          record.source_lang = source;
          record.updated_at_ms = now;
          const auto claimed = storage::claim_message_translation(db, record);
          if (!claimed) continue;
          record.id = *claimed;
          // Failed with a retry time and no attempt made: picked up by run_due() like any
          // failed translation, with every attempt still ahead of it.
          record.state = TranslationState::kFailed;
          record.error = "the server was too busy to translate it yet; it tries again shortly";
          record.next_retry_ms = retry_at;
          storage::update_message_translation(db, record);
          tell(db, std::make_shared<const TranslationRecord>(std::move(record)), recipients,
               *delivery);
        }
        return Status::Ok();
      },
      [this, delivery, id = message->id](Status s) {
        if (!s.ok()) {
          // The message itself was delivered; only its translation is lost.
          spdlog::error("translation of message {}: cannot store it for later: {}", id,
                        s.message());
          return;
        }
        if (!delivery->empty()) hub_.publish(std::move(*delivery));
      });
}

void Translations::translate_message(std::shared_ptr<const storage::MessageRecord> message,
                                     std::vector<int64_t> members) {
  std::erase(members, message->sender_id);  // nobody needs their own words translated
  auto wanted =
      readers_.with([&](Database& db) { return storage::auto_translation_targets(db, members); });
  if (wanted.empty()) return;
  std::map<std::string, std::vector<int64_t>> by_target;
  for (const auto& w : wanted) by_target[w.target_lang].push_back(w.account_id);

  const auto source = resolve_source(message->lang, message->sender_id, message->text);
  for (auto& [target, recipients] : by_target) {
    if (source && same_language(source->lang, target)) {
      continue;  // already in the language they read
    }
    TranslationRecord record;
    record.message_id = message->id;
    record.conversation_id = message->conversation_id;
    record.message_seq = message->seq;
    record.target_lang = target;
    if (source) {
      record.source_lang = source->lang;
      record.source_detected = source->detected;
    }
    record.updated_at_ms = clock_.now_ms();
    std::optional<int64_t> claimed;
    auto claim = writer_.submit([&](Database& db) {
      claimed = storage::claim_message_translation(db, record);
      return Status::Ok();
    });
    if (!claim.get().ok() || !claimed) continue;  // another job has this pair
    record.id = *claimed;
    {
      std::lock_guard lock(mu_);
      running_.insert(record.id);
    }
    attempt(std::move(record), message->text, std::move(recipients));
  }
}

void Translations::attempt(TranslationRecord record, const std::string& text,
                           std::vector<int64_t> recipients) {
  ++record.attempts;
  record.engine = translator_.engine().engine();
  record.error.clear();
  record.cached = false;
  record.next_retry_ms = 0;
  const auto pairs = translator_.engine().pairs();
  if (record.source_lang.empty()) {
    record.state = TranslationState::kUnsupported;
    record.error = "cannot tell which language this message is in; available pairs: " +
                   translate::describe_pairs(pairs);
  } else if (auto pair = translate::choose_pair(pairs, record.source_lang, record.target_lang);
             !pair && !pairs.empty()) {
    record.state = TranslationState::kUnsupported;
    record.error = translate::no_such_pair(record.source_lang, record.target_lang, pairs).message();
  } else {
    const auto from = pair ? pair->from : record.source_lang;
    const auto to = pair ? pair->to : record.target_lang;
    auto result = translator_.translate(text, from, to);
    if (result && static_cast<int64_t>(result->text.size()) > options_.max_text_bytes) {
      // It would not fit the frames clients accept; the original is still there.
      record.state = TranslationState::kUnsupported;
      record.error = "the translation is longer than the largest message this server sends";
    } else if (result) {
      record.state = TranslationState::kDone;
      record.text = std::move(result->text);
      record.cached = result->cached;
    } else if (result.status().code() == Code::kFailedPrecondition) {
      record.state = TranslationState::kUnsupported;
      record.error = result.status().message();
    } else {
      record.state = TranslationState::kFailed;
      record.error = result.status().message();
      if (record.attempts < options_.max_attempts) {
        const int64_t backoff = options_.retry_ms << std::min(record.attempts - 1, 10);
        record.next_retry_ms = clock_.now_ms() + backoff;
      }
      spdlog::warn("translation of message {} into {} failed (attempt {}): {}", record.message_id,
                   record.target_lang, record.attempts, record.error);
    }
  }
  record.updated_at_ms = clock_.now_ms();
  store_outcome(std::make_shared<const TranslationRecord>(std::move(record)),
                std::move(recipients));
}

void Translations::store_outcome(std::shared_ptr<const TranslationRecord> shared,
                                 std::vector<int64_t> recipients) {
  auto delivery = std::make_shared<EventHub::Delivery>();
  writer_.submit(
      [shared, recipients = std::move(recipients), delivery](Database& db) {
        storage::update_message_translation(db, *shared);
        tell(db, shared, recipients, *delivery);
        return Status::Ok();
      },
      [this, shared, delivery](Status s) {
        {
          std::lock_guard lock(mu_);
          running_.erase(shared->id);
        }
        if (!s.ok()) {
          // The row keeps its earlier state, so run_due() takes it up again.
          spdlog::error("translation {}: cannot store the outcome: {}", shared->id, s.message());
          return;
        }
        if (!delivery->empty()) hub_.publish(std::move(*delivery));
      });
}

void Translations::schedule_retries() {
  std::lock_guard lock(mu_);
  if (stopped_) return;
  // Checked often enough for the shortest backoff, and at least every few seconds.
  const auto period =
      std::chrono::milliseconds(std::clamp<int64_t>(options_.retry_ms / 2, 200, 5000));
  retry_timer_.expires_after(period);
  retry_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    run_due();
    schedule_retries();
  });
}

void Translations::run_due() {
  int room = 0;
  {
    std::lock_guard lock(mu_);
    room = std::min(options_.queue_limit - queued_, 64);
  }
  if (room <= 0) return;  // the rest stay due for a later round
  auto due = readers_.with([&](Database& db) {
    return storage::due_message_translations(db, clock_.now_ms(), options_.max_attempts, room);
  });
  for (auto& record : due) {
    {
      std::lock_guard lock(mu_);
      if (stopped_ || !running_.insert(record.id).second) continue;
    }
    // Retried for whoever wants this language now.
    struct Job {
      std::string text;
      std::string lang;
      int64_t sender_id = 0;
      std::vector<int64_t> recipients;
    };
    auto job = readers_.with([&](Database& db) -> std::optional<Job> {
      auto message = storage::find_message_source(db, record.message_id);
      if (!message) return std::nullopt;
      std::vector<int64_t> members;
      for (const auto& m : storage::conversation_members(db, message->conversation_id)) {
        if (m.account_id != message->sender_id) members.push_back(m.account_id);
      }
      Job j{std::move(message->text), std::move(message->lang), message->sender_id, {}};
      for (const auto& w : storage::auto_translation_targets(db, members)) {
        if (w.target_lang == record.target_lang) j.recipients.push_back(w.account_id);
      }
      return j;
    });
    if (!job || !reserve_job()) {
      std::lock_guard lock(mu_);
      running_.erase(record.id);
      continue;
    }
    boost::asio::post(jobs_, [this, record = std::move(record), job = std::move(*job)]() mutable {
      retry(std::move(record), std::move(job.text), job.lang, job.sender_id,
            std::move(job.recipients));
      release_job();
    });
  }
}

void Translations::retry(TranslationRecord record, std::string text, const std::string& lang,
                         int64_t sender_id, std::vector<int64_t> recipients) {
  if (record.attempts == 0 && record.source_lang.empty()) {
    // Put off while the jobs were full, before its language was detected: done now.
    if (auto source = resolve_source(lang, sender_id, text)) {
      record.source_lang = source->lang;
      record.source_detected = source->detected;
      if (same_language(source->lang, record.target_lang)) {
        // Already in the language they read: the original is the translation, as
        // Translate answers for such a text.
        record.state = TranslationState::kDone;
        record.text = std::move(text);
        record.error.clear();
        record.next_retry_ms = 0;
        record.attempts = 1;
        record.updated_at_ms = clock_.now_ms();
        return store_outcome(std::make_shared<const TranslationRecord>(std::move(record)),
                             std::move(recipients));
      }
    }
  }
  attempt(std::move(record), text, std::move(recipients));
}

}  // namespace souk::domain
