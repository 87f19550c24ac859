#include "client/cli/translation_json.hpp"

namespace souk::cli {

namespace {

const char* state_name(v1::TranslationState s) {
  switch (s) {
    case v1::TRANSLATION_STATE_DONE:
      return "done";
    case v1::TRANSLATION_STATE_FAILED:
      return "failed";
    case v1::TRANSLATION_STATE_UNSUPPORTED:
      return "unsupported";
    default:
      return "unknown";
  }
}

}  // namespace

nlohmann::json translation_json(const v1::MessageTranslated& t) {
  nlohmann::json j = {{"message_id", t.message_id()},
                      {"conversation_id", t.conversation_id()},
                      {"message_seq", t.message_seq()},
                      {"source_lang", t.source_lang()},
                      {"source_detected", t.source_detected()},
                      {"target_lang", t.target_lang()},
                      {"state", state_name(t.state())},
                      {"attempts", t.attempts()},
                      {"cached", t.cached()},
                      {"engine", t.engine()}};
  if (t.state() == v1::TRANSLATION_STATE_DONE) j["text"] = t.text();
  if (!t.error().empty()) j["error"] = t.error();
  if (t.next_retry_ms() > 0) j["next_retry_ms"] = t.next_retry_ms();
  return j;
}

nlohmann::json translation_settings_json(const v1::TranslationSettings& s) {
  return {{"auto_translate", s.auto_translate()},
          {"target_lang", s.target_lang()},
          {"write_in", s.write_in().empty() ? "auto" : s.write_in()}};
}

std::string translation_line(const v1::MessageTranslated& t) {
  std::string line = "conversation " + std::to_string(t.conversation_id()) + " #" +
                     std::to_string(t.message_seq()) + " (" + t.source_lang() + "→" +
                     t.target_lang() + "): ";
  if (t.state() == v1::TRANSLATION_STATE_DONE) return line + t.text();
  line += std::string("translation ") + state_name(t.state()) + ": " + t.error();
  if (t.next_retry_ms() > 0) line += " (retried later)";
  return line;
}

std::string translation_settings_line(const v1::TranslationSettings& s) {
  const std::string write_in = s.write_in().empty() ? "auto" : s.write_in();
  if (!s.auto_translate()) {
    return "automatic translation is off (you write in " + write_in + ")";
  }
  return "incoming messages are translated into " + s.target_lang() + " (you write in " + write_in +
         ")";
}

}  // namespace souk::cli
