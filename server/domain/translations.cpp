// Settings, on-demand translation, languages and history; the background jobs are in
// translation_jobs.cpp.
#include <boost/asio/post.hpp>

#include <algorithm>
#include <set>

#include "common/message_validation.hpp"
#include "common/validation.hpp"
#include "server/domain/translations.hpp"
#include "server/domain/visibility.hpp"
#include "server/storage/conversation_repository.hpp"
#include "server/storage/translation_repository.hpp"
#include "server/translate/language_codes.hpp"
#include "server/translate/language_detector.hpp"

namespace souk::domain {

using storage::Database;

namespace {

// A tag from a request: valid UTF-8, and a language tag Souk knows how to write.
Result<std::string> language_field(const std::string& value, const std::string& field) {
  if (!is_valid_utf8(value)) return invalid_argument(field + " is not valid UTF-8");
  const std::string tag = translate::normalize_lang(value);
  if (tag.empty()) {
    return invalid_argument(field + " '" + value + "' is not a language tag such as en or es");
  }
  return tag;
}

Status failed_precondition(std::string m) {
  return {Code::kFailedPrecondition, std::move(m)};
}

}  // namespace

Translations::Translations(storage::Writer& writer, storage::ReaderPool& readers,
                           const Clock& clock, EventHub& hub,
                           translate::CachedTranslator& translator, boost::asio::thread_pool& jobs,
                           boost::asio::thread_pool& requests, TranslationOptions options)
    : writer_(writer),
      readers_(readers),
      clock_(clock),
      hub_(hub),
      translator_(translator),
      jobs_(jobs),
      requests_(requests),
      options_(options),
      retry_timer_(jobs) {}

Result<storage::TranslationSettingsRecord> Translations::settings(const Session& who) {
  return readers_.with(
      [&](Database& db) { return storage::translation_settings(db, who.account_id); });
}

void Translations::set_settings(const Session& who, TranslationSettingsInput in,
                                Reply<storage::TranslationSettingsRecord> reply) {
  storage::TranslationSettingsRecord record;
  record.auto_translate = in.auto_translate;
  if (!in.target_lang.empty()) {
    auto target = language_field(in.target_lang, "target_lang");
    if (!target) return reply(target.status());
    record.target_lang = *target;
  }
  if (!in.write_in.empty() && in.write_in != "auto") {
    auto write_in = language_field(in.write_in, "write_in");
    if (!write_in) return reply(write_in.status());
    record.write_in = *write_in;
  }
  if (record.auto_translate && record.target_lang.empty()) {
    return reply(invalid_argument("choose a target_lang to translate incoming messages into"));
  }
  // Asking the engine may be a network call: not on the caller's (gRPC) thread.
  boost::asio::post(requests_, [this, who, record, reply = std::move(reply)]() mutable {
    if (record.auto_translate) {
      const auto pairs = translator_.engine().pairs();
      const bool reachable = std::any_of(pairs.begin(), pairs.end(), [&](const auto& p) {
        return translate::primary_language(p.to) == translate::primary_language(record.target_lang);
      });
      if (!reachable) {
        return reply(
            failed_precondition("nothing translates into '" + record.target_lang +
                                "' here; available pairs: " + translate::describe_pairs(pairs)));
      }
    }
    writer_.submit(
        [this, who, record](Database& db) {
          storage::put_translation_settings(db, who.account_id, record, clock_.now_ms());
          return Status::Ok();
        },
        [this, who, record, reply = std::move(reply)](Status s) {
          if (!s.ok()) return reply(s);
          // Every device of this user, this one included, learns it at once.
          storage::EventRecord e;
          e.kind = storage::EventKind::kTranslationSettings;
          e.created_at_ms = clock_.now_ms();
          e.translation_settings = std::make_shared<storage::TranslationSettingsRecord>(record);
          hub_.publish_ephemeral(who.account_id, std::move(e));
          reply(record);
        });
  });
}

std::optional<Translations::Source> Translations::resolve_source(const std::string& declared,
                                                                 int64_t sender_id,
                                                                 std::string_view text) {
  if (!declared.empty()) {
    const auto tag = translate::normalize_lang(declared);
    if (!tag.empty()) return Source{tag, false};
  }
  auto write_in = readers_.with(
      [&](Database& db) { return storage::translation_settings(db, sender_id).write_in; });
  if (!write_in.empty()) return Source{write_in, false};
  if (auto detected = translate::detect_language(text)) return Source{*detected, true};
  return std::nullopt;
}

void Translations::translate(const Session& who, TranslateInput in, Reply<TranslateOutput> reply) {
  if (in.to.empty()) return reply(invalid_argument("say which language to translate into (to)"));
  auto to = language_field(in.to, "to");
  if (!to) return reply(to.status());
  std::string from;
  if (!in.from.empty()) {
    auto f = language_field(in.from, "from");
    if (!f) return reply(f.status());
    from = *f;
  }
  if (in.message_id == 0) {
    if (static_cast<int64_t>(in.text.size()) > options_.max_request_bytes) {
      return reply(invalid_argument("the text to translate is " + std::to_string(in.text.size()) +
                                    " bytes; at most " +
                                    std::to_string(options_.max_request_bytes) +
                                    " bytes (max_translate_bytes) are translated at once"));
    }
    if (in.text.empty()) {
      return reply(invalid_argument("give the text to translate, or the message_id of a message"));
    }
    if (auto s = validate_message_text(in.text, options_.max_text_bytes, false); !s.ok()) {
      return reply(s);
    }
  }
  boost::asio::post(requests_, [this, who, in = std::move(in), to = *to, from,
                                reply = std::move(reply)]() mutable {
    std::string declared = from;
    int64_t writer_id = who.account_id;  // whose "I write in" applies
    if (in.message_id != 0) {
      auto message = readers_.with([&](Database& db) -> Result<storage::MessageSource> {
        auto m = storage::find_message_source(db, in.message_id);
        // Not found and not yours look the same: no probing for other people's messages.
        if (!m || !visibility::may_see_message(db, who.account_id, m->conversation_id, m->seq)) {
          return not_found("no message " + std::to_string(in.message_id));
        }
        return std::move(*m);
      });
      if (!message) return reply(message.status());
      in.text = std::move(message->text);
      if (declared.empty()) declared = message->lang;
      writer_id = message->sender_id;
    }
    auto source = resolve_source(declared, writer_id, in.text);
    if (!source) {
      return reply(
          failed_precondition("cannot tell which language the text is in; say which (from)"));
    }
    TranslateOutput out;
    out.source_lang = source->lang;
    out.source_detected = source->detected;
    out.target_lang = to;
    out.engine = translator_.engine().engine();
    if (translate::primary_language(source->lang) == translate::primary_language(to)) {
      out.text = std::move(in.text);  // already in that language
      return reply(std::move(out));
    }
    const auto pairs = translator_.engine().pairs();
    const auto pair = translate::choose_pair(pairs, source->lang, to);
    if (!pair) return reply(translate::no_such_pair(source->lang, to, pairs));
    auto translated = translator_.translate(in.text, pair->from, pair->to);
    if (!translated) return reply(translated.status());
    out.text = std::move(translated->text);
    out.cached = translated->cached;
    reply(std::move(out));
  });
}

void Translations::languages(Reply<LanguagesInfo> reply) {
  boost::asio::post(requests_, [this, reply = std::move(reply)] {
    LanguagesInfo info;
    info.engine = translator_.engine().engine();
    info.pairs = translator_.engine().pairs();
    std::set<std::string> languages, targets;
    for (const auto& p : info.pairs) {
      languages.insert(p.from);
      languages.insert(p.to);
      targets.insert(p.to);
    }
    info.languages.assign(languages.begin(), languages.end());
    info.targets.assign(targets.begin(), targets.end());
    reply(std::move(info));
  });
}

std::map<int64_t, storage::TranslationRecord> Translations::for_history(
    const Session& who, const std::vector<storage::MessageRecord>& messages) {
  return readers_.with([&](Database& db) {
    std::map<int64_t, storage::TranslationRecord> out;
    const auto settings = storage::translation_settings(db, who.account_id);
    if (settings.target_lang.empty()) return out;
    for (const auto& m : messages) {
      if (m.sender_id == who.account_id) continue;
      if (auto t = storage::find_message_translation(db, m.id, settings.target_lang)) {
        out.emplace(m.id, std::move(*t));
      }
    }
    return out;
  });
}

}  // namespace souk::domain
