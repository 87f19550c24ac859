#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace souk::translate {

// The language of a text, as a normalized tag, by CLD2; nothing when CLD2 cannot tell.
// Only the first 64 KiB are looked at: more does not make it surer.
std::optional<std::string> detect_language(std::string_view text);

}  // namespace souk::translate
