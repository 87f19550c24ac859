#include "server/rpc/translation_mapping.hpp"

namespace souk::rpc {

void fill_translation(const storage::TranslationRecord& t, v1::MessageTranslated* out) {
  out->set_message_id(t.message_id);
  out->set_conversation_id(t.conversation_id);
  out->set_message_seq(t.message_seq);
  out->set_source_lang(t.source_lang);
  out->set_source_detected(t.source_detected);
  out->set_target_lang(t.target_lang);
  // Stored states 1..3 are the proto's; a pending row is never sent.
  out->set_state(static_cast<v1::TranslationState>(t.state));
  out->set_text(t.text);
  out->set_error(t.error);
  out->set_attempts(t.attempts);
  out->set_next_retry_ms(t.next_retry_ms);
  out->set_engine(t.engine);
  out->set_cached(t.cached);
}

void fill_translation_settings(const storage::TranslationSettingsRecord& s,
                               v1::TranslationSettings* out) {
  out->set_auto_translate(s.auto_translate);
  out->set_target_lang(s.target_lang);
  out->set_write_in(s.write_in);
}

}  // namespace souk::rpc
