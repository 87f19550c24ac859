// Request validation: the checks every RPC runs on what a client sent (common/). Beyond not
// crashing, each accepted value must have the properties its check promises, and the UTF-8
// check must agree with a decoder written from the Unicode table of well-formed sequences.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/file_validation.hpp"
#include "common/message_validation.hpp"
#include "common/validation.hpp"
#include "fuzz/fuzz_check.hpp"

namespace {

using souk::fuzz::check;

// Unicode 15, table 3-7: the well-formed byte sequences, byte by byte.
bool well_formed_utf8(std::string_view s) {
  const auto at = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const auto in = [](uint8_t b, uint8_t lo, uint8_t hi) { return b >= lo && b <= hi; };
  for (size_t i = 0; i < s.size();) {
    const uint8_t b0 = at(i);
    size_t n = 0;
    uint8_t lo = 0x80;
    uint8_t hi = 0xBF;
    if (b0 <= 0x7F) {
      n = 1;
    } else if (in(b0, 0xC2, 0xDF)) {
      n = 2;
    } else if (in(b0, 0xE0, 0xEF)) {
      n = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (in(b0, 0xF0, 0xF4)) {
      n = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    if (n > 1 && !in(at(i + 1), lo, hi)) return false;
    for (size_t k = 2; k < n; ++k) {
      if (!in(at(i + k), 0x80, 0xBF)) return false;
    }
    i += n;
  }
  return true;
}

// Code points of valid UTF-8.
template <class F>
void for_each_code_point(std::string_view s, F f) {
  for (size_t i = 0; i < s.size();) {
    const auto b0 = static_cast<uint8_t>(s[i]);
    const size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    uint32_t cp = n == 1 ? b0 : n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    f(cp);
    i += n;
  }
}

bool c0_del_or_c1(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

bool reorders_text(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void check_text_field(std::string_view value, size_t max_chars) {
  if (!souk::validate_text_field(value, "field", max_chars).ok()) return;
  check(well_formed_utf8(value), "an accepted text field is valid UTF-8");
  const size_t length = souk::utf8_length(value);
  check(length >= 1 && length <= max_chars, "an accepted text field is 1..max characters");
  for_each_code_point(value, [](uint32_t cp) {
    check(!c0_del_or_c1(cp), "an accepted text field has no control character");
  });
}

void check_file_name(std::string_view raw) {
  auto cleaned = souk::clean_file_name(raw);
  if (!well_formed_utf8(raw)) check(!cleaned, "a file name that is not UTF-8 is refused");
  if (!cleaned) return;
  const std::string& name = *cleaned;
  check(!name.empty() && name.size() <= souk::kFileNameMaxBytes, "a file name is 1..255 bytes");
  check(well_formed_utf8(name), "a cleaned file name is valid UTF-8");
  check(name != "." && name != "..", "a cleaned file name is not . or ..");
  check(name.find_first_of("/\\") == std::string::npos, "a cleaned file name has no path");
  check(name.front() != ' ' && name.back() != ' ', "a cleaned file name is trimmed");
  for_each_code_point(name, [](uint32_t cp) {
    check(!c0_del_or_c1(cp) && !reorders_text(cp), "a cleaned file name has no control");
  });
  auto again = souk::clean_file_name(name);
  check(again && *again == name, "cleaning a cleaned file name changes nothing");
}

void check_mime_type(std::string_view raw) {
  auto mime = souk::clean_mime_type(raw);
  if (!mime) return;
  check(!mime->empty() && mime->size() <= souk::kMimeTypeMaxBytes, "a mime type is 1..127 bytes");
  const auto slash = mime->find('/');
  check(slash != std::string::npos && slash > 0 && slash + 1 < mime->size(),
        "a mime type is type/subtype");
  for (char c : *mime) {
    check(c >= 0x20 && c < 0x7F && !(c >= 'A' && c <= 'Z'), "a mime type is lower-case ASCII");
  }
}

void check_member_id(std::string_view raw) {
  const std::string folded = souk::fold_member_id(raw);
  check(folded.size() == raw.size(), "folding keeps the length");
  if (!souk::validate_member_id(folded).ok()) return;
  check(folded.size() >= souk::kMemberIdMin && folded.size() <= souk::kMemberIdMax,
        "a member ID is 3..32 characters");
  for (char c : folded) {
    check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-',
          "a member ID has only a-z 0-9 . _ -");
  }
}

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

void check_ids(std::string_view raw) {
  const bool printable = !raw.empty() && printable_ascii(raw);
  check(souk::validate_client_msg_id(raw).ok() == (printable && raw.size() <= 64),
        "client_msg_id: 1..64 printable ASCII");
  check(souk::validate_upload_id(raw).ok() == (printable && raw.size() <= 64),
        "upload_id: 1..64 printable ASCII");
  check(souk::validate_file_id(raw).ok() == (printable && raw.size() <= 64),
        "file_id: 1..64 printable ASCII");
  (void)souk::validate_lang_tag(raw);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const int kind = in.ConsumeIntegralInRange(0, 3);
  const auto max_chars = in.ConsumeIntegralInRange<size_t>(1, 300);
  const auto max_bytes = in.ConsumeIntegralInRange<int64_t>(-1, 4096);
  const bool attachment = in.ConsumeBool();
  const std::string a = in.ConsumeRandomLengthString(2048);
  const std::string b = in.ConsumeRandomLengthString(512);
  const std::string c = in.ConsumeRemainingBytesAsString();

  check(souk::is_valid_utf8(a) == well_formed_utf8(a), "is_valid_utf8 follows table 3-7");
  check(souk::is_valid_utf8(c) == well_formed_utf8(c), "is_valid_utf8 follows table 3-7");
  check_text_field(a, max_chars);
  check_file_name(a);
  check_file_name(c);
  check_mime_type(b);
  check_member_id(b);
  check_ids(b);
  for (auto text : {std::string_view(a), std::string_view(c)}) {
    const auto s = souk::validate_message_text(text, max_bytes, attachment);
    if (s.ok()) {
      check(static_cast<int64_t>(text.size()) <= max_bytes, "a message fits max_message_bytes");
      check(well_formed_utf8(text), "an accepted message is valid UTF-8");
      check(!text.empty() || attachment, "an empty message carries an attachment");
    }
  }
  (void)souk::validate_message_context(kind, b, a, c);
  (void)souk::validate_password(a);
  return 0;
}
