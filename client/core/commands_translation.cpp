// Translation commands: the user's settings, the Translate action on a message and the
// draft translated before it is sent.
#include "client/core/commands.hpp"
#include "client/core/connection.hpp"
#include "client/core/store_updates.hpp"

namespace souk::client {

namespace {}  // namespace

void Commands::save_translation_settings(bool auto_translate, const std::string& target_lang,
                                         const std::string& write_in) {
  store_.translation.saving = true;
  store_.translation.outcome.clear();
  v1::SetTranslationSettingsRequest request;
  request.set_auto_translate(auto_translate);
  request.set_target_lang(target_lang);
  request.set_write_in(write_in);
  connection_.post([&c = connection_, request] {
    auto finish = [&c](std::optional<v1::TranslationSettings> saved, std::string outcome) {
      c.ui().post([saved = std::move(saved), outcome](Store& s) {
        s.translation.saving = false;
        s.translation.outcome = outcome;
        if (saved) s.translation.settings = *saved;
      });
    };
    if (!c.online()) return finish(std::nullopt, kOfflineWords);
    auto reply = c.translation().set_settings(request);
    if (!reply) {
      c.handle_failure(reply.status());
      return finish(std::nullopt, reply.status().message());
    }
    finish(*reply, "Saved");
  });
}

void Commands::translate_message(const ChatKey& chat_id, int64_t message_id) {
  Chat* chat = store_.chat(chat_id);
  if (chat == nullptr || chat->conversation_id == 0) return;
  ChatMessage* m = store_.message(chat->conversation_id, message_id);
  if (m == nullptr) return;
  const std::string& target = store_.translation.settings.target_lang();
  const std::string to = target.empty() ? "en" : target;
  m->translation = MessageTranslation{};
  m->translation->target_lang = to;
  connection_.aside([&c = connection_, conversation = chat->conversation_id, message_id,
                     seq = m->seq, to](const auto& channel, const auto& token) {
    v1::MessageTranslated result;
    result.set_conversation_id(conversation);
    result.set_message_id(message_id);
    result.set_message_seq(seq);
    result.set_target_lang(to);
    if (!channel) {
      result.set_state(v1::TRANSLATION_STATE_FAILED);
      result.set_error(kOfflineWords);
    } else {
      v1::TranslateRequest request;
      request.set_message_id(message_id);
      request.set_to(to);
      if (auto reply = TranslationClient(channel, token).translate(request)) {
        result.set_state(v1::TRANSLATION_STATE_DONE);
        result.set_text(reply->text());
        result.set_source_lang(reply->source_lang());
        // Kept with the message, as automatic ones are, so it shows in history offline.
        c.post([&c, result] {
          if (LocalCache* cache = c.cache()) cache->save_translation(result);
        });
      } else {
        c.handle_failure_later(reply.status(), channel);
        const bool unsupported = reply.status().code() == Code::kFailedPrecondition;
        result.set_state(unsupported ? v1::TRANSLATION_STATE_UNSUPPORTED
                                     : v1::TRANSLATION_STATE_FAILED);
        result.set_error(reply.status().message());
      }
    }
    c.ui().post([result](Store& s) {
      if (ChatMessage* shown = s.message(result.conversation_id(), result.message_id())) {
        shown->translation = translation_from(result);
      }
    });
  });
}

uint64_t Commands::translate_draft(const ChatKey& chat, const std::string& text,
                                   const std::string& to) {
  const uint64_t id = ++draft_requests_;
  store_.draft_translations[chat] = DraftTranslation{id, true, "", ""};
  connection_.aside([&c = connection_, chat, text, to, id](const auto& channel, const auto& token) {
    DraftTranslation result{id, false, "", ""};
    if (!channel) {
      result.error = kOfflineWords;
    } else {
      v1::TranslateRequest request;
      request.set_text(text);
      request.set_to(to);
      if (auto reply = TranslationClient(channel, token).translate(request)) {
        result.text = reply->text();
      } else {
        c.handle_failure_later(reply.status(), channel);
        result.error = reply.status().message();
      }
    }
    c.ui().post([chat, result](Store& s) {
      auto& slot = s.draft_translations[chat];
      if (slot.request == result.request) slot = result;  // a newer request wins
    });
  });
  return id;
}

}  // namespace souk::client
