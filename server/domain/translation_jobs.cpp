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

namespace souk::domain {

using storage::Database;
using storage::TranslationRecord;
using storage::TranslationState;

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
  boost::asio::post(jobs_, [this, message = std::move(message), members = std::move(members)] {
    translate_message(message, members);
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
    if (source &&
        translate::primary_language(source->lang) == translate::primary_language(target)) {
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

  auto shared = std::make_shared<const TranslationRecord>(std::move(record));
  auto delivery = std::make_shared<EventHub::Delivery>();
  writer_.submit(
      [this, shared, recipients = std::move(recipients), delivery](Database& db) {
        storage::update_message_translation(db, *shared);
        storage::EventRecord e;
        e.kind = storage::EventKind::kMessageTranslated;
        e.conversation_id = shared->conversation_id;
        e.value = shared->id;
        e.translation = shared;
        e.created_at_ms = shared->updated_at_ms;
        for (const int64_t account : recipients) {
          // Asked here, in the write, so a member who left or joined while the engine worked
          // is judged as they are now: only current members whose history holds the message.
          if (!visibility::may_be_told_of(db, account, shared->conversation_id,
                                          shared->message_seq)) {
            continue;
          }
          storage::EventRecord copy = e;
          copy.seq = storage::append_event(db, account, copy);
          delivery->emplace_back(account, std::move(copy));
        }
        return Status::Ok();
      },
      [this, shared, delivery](Status s) {
        {
          std::lock_guard lock(mu_);
          running_.erase(shared->id);
        }
        if (!s.ok()) {
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
  auto due = readers_.with([&](Database& db) {
    return storage::due_message_translations(db, clock_.now_ms(), options_.max_attempts, 64);
  });
  for (auto& record : due) {
    {
      std::lock_guard lock(mu_);
      if (stopped_ || !running_.insert(record.id).second) continue;
    }
    // Retried for whoever wants this language now.
    struct Job {
      std::string text;
      std::vector<int64_t> recipients;
    };
    auto job = readers_.with([&](Database& db) -> std::optional<Job> {
      auto message = storage::find_message_source(db, record.message_id);
      if (!message) return std::nullopt;
      std::vector<int64_t> members;
      for (const auto& m : storage::conversation_members(db, message->conversation_id)) {
        if (m.account_id != message->sender_id) members.push_back(m.account_id);
      }
      Job j{std::move(message->text), {}};
      for (const auto& w : storage::auto_translation_targets(db, members)) {
        if (w.target_lang == record.target_lang) j.recipients.push_back(w.account_id);
      }
      return j;
    });
    if (!job) {
      std::lock_guard lock(mu_);
      running_.erase(record.id);
      continue;
    }
    boost::asio::post(jobs_, [this, record = std::move(record), job = std::move(*job)]() mutable {
      attempt(std::move(record), job.text, std::move(job.recipients));
    });
  }
}

}  // namespace souk::domain
