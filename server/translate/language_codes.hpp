#pragma once

#include <string>
#include <string_view>

namespace souk::translate {

// The form Souk speaks: a lower-case primary language subtag, ISO 639-1 where one exists
// ("eng" -> "en", "spa" -> "es"), then any region in upper case ("pt_br" -> "pt-BR").
// Empty when `tag` is not a language tag at all.
std::string normalize_lang(std::string_view tag);

// The ISO 639-3 code Apertium names its pairs with ("en" -> "eng"); unknown codes pass
// through unchanged.
std::string to_iso639_3(std::string_view normalized);

}  // namespace souk::translate
