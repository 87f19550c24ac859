// What translation engines send back, and what Souk makes of it: the HTTP engines' JSON
// bodies (LibreTranslate, Apertium APY), Apertium's stream format, the .mode files its
// pipelines are built from, and the cutting of long texts into engine-sized pieces.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "common/validation.hpp"
#include "fuzz/fuzz_check.hpp"
#include "server/translate/apertium_pipeline.hpp"
#include "server/translate/http_replies.hpp"
#include "server/translate/text_splitter.hpp"

namespace {

using souk::fuzz::check;
namespace tr = souk::translate;

void check_http(const std::string& body) {
  for (const std::string flavor : {"libretranslate", "apy"}) {
    if (auto text = tr::parse_translation_reply(flavor, body)) {
      // A JSON string is valid UTF-8, and members are shown nothing else.
      check(souk::is_valid_utf8(*text), "a translated text is valid UTF-8");
    }
    if (auto pairs = tr::parse_pairs_reply(flavor, body)) {
      check(std::is_sorted(pairs->begin(), pairs->end()), "pairs are sorted");
      check(std::adjacent_find(pairs->begin(), pairs->end()) == pairs->end(), "pairs are unique");
      for (const auto& p : *pairs) {
        check(!p.from.empty() && !p.to.empty() && p.from != p.to, "a pair has two languages");
      }
    }
  }
  (void)tr::server_error_text(body);
}

void check_apertium(const std::string& text) {
  std::string plain = text;
  std::replace(plain.begin(), plain.end(), '\0', ' ');
  check(tr::unescape_from_apertium(tr::escape_for_apertium(text)) == plain,
        "Apertium's escaping gives the text back, NUL as a space");
  const std::string escaped = tr::escape_for_apertium(text);
  check(escaped.find('\0') == std::string::npos, "an escaped text has no NUL (the separator)");
  (void)tr::unescape_from_apertium(text);  // whatever a stage prints
  (void)tr::null_flush_command(text);      // whatever a .mode file holds
}

void check_split(const std::string& text, size_t max_bytes) {
  const auto pieces = tr::split_for_translation(text, max_bytes);
  std::string joined;
  const size_t limit = std::max<size_t>(max_bytes, 8);
  const bool utf8 = souk::is_valid_utf8(text);
  for (const auto piece : pieces) {
    check(!piece.empty() && piece.size() <= limit, "a piece is 1..max_bytes");
    if (utf8) check(souk::is_valid_utf8(piece), "pieces of UTF-8 text are UTF-8 themselves");
    joined.append(piece);
  }
  check(joined == text, "the pieces are exactly the text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const int what = in.ConsumeIntegralInRange(0, 2);
  const auto max_bytes = in.ConsumeIntegralInRange<size_t>(0, 600);
  const std::string text = in.ConsumeRemainingBytesAsString();
  switch (what) {
    case 0:
      check_http(text);
      break;
    case 1:
      check_apertium(text);
      break;
    default:
      check_split(text, max_bytes);
  }
  return 0;
}
