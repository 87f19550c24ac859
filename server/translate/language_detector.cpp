#include "server/translate/language_detector.hpp"

#include <cld2/public/compact_lang_det.h>

#include "server/translate/language_codes.hpp"

namespace souk::translate {

std::optional<std::string> detect_language(std::string_view text) {
  constexpr size_t kEnough = 64 * 1024;
  if (text.size() > kEnough) {
    text = text.substr(0, kEnough);
    // Do not hand CLD2 half a UTF-8 character.
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) {
      text.remove_suffix(1);
    }
    if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.remove_suffix(1);
  }
  bool reliable = false;
  CLD2::Language top3[3];
  int percent3[3];
  int text_bytes = 0;
  // The Ext variant says UNKNOWN_LANGUAGE when unsure, where the plain one says ENGLISH.
  const CLD2::Language lang = CLD2::ExtDetectLanguageSummary(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, top3, percent3,
      &text_bytes, &reliable);
  // Short chat lines are often "unreliable" by CLD2's measure yet right; a best guess
  // beats no translation, and the original is always shown next to it.
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return std::nullopt;
  std::string tag = normalize_lang(CLD2::LanguageCode(lang));
  if (tag.empty()) return std::nullopt;
  return tag;
}

}  // namespace souk::translate
