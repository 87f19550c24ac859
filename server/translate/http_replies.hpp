#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "server/translate/translator.hpp"

namespace souk::translate {

// What a translation server's HTTP bodies say, read apart from the transfer so that every
// body a server might send can be tried against them. `flavor` is "libretranslate" or
// "apy" (see HttpEngineOptions).

// The pairs in a 200 answer to GET /languages or /listPairs: normalized, sorted, unique.
// UNAVAILABLE when the body is not such a list.
Result<std::vector<LanguagePair>> parse_pairs_reply(const std::string& flavor,
                                                    const std::string& body);
// The translated text in a 200 answer to POST /translate. UNAVAILABLE when there is none.
Result<std::string> parse_translation_reply(const std::string& flavor, const std::string& body);
// What a server said went wrong, from either flavor's error body (for the log).
std::string server_error_text(const std::string& body);

}  // namespace souk::translate
