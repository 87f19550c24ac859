#include "server/translate/text_splitter.hpp"

#include <array>

namespace souk::translate {

namespace {

// Where to cut inside `window` (which is longer than allowed): a length to keep.
size_t cut_point(std::string_view window) {
  // Not too early: a cut in the first quarter would make tiny pieces.
  const size_t min = window.size() / 4;
  if (auto p = window.rfind("\n\n"); p != std::string_view::npos && p + 2 > min) return p + 2;
  size_t best = 0;
  constexpr std::array<std::string_view, 9> kSentenceEnds = {
      ". ", "! ", "? ", ".\n", "!\n", "?\n", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"};
  // A cut past the limit is clamped to it, which would split a sentence end of several
  // bytes (an ideographic full stop): such an end must lie wholly within the limit.
  const size_t limit = window.size() - 1;
  for (const auto end : kSentenceEnds) {
    auto p = window.rfind(end);
    if (p != std::string_view::npos && p + end.size() > limit &&
        (static_cast<unsigned char>(window[limit]) & 0xC0) == 0x80) {
      p = window.substr(0, limit).rfind(end);
    }
    if (p != std::string_view::npos && p + end.size() > best) best = p + end.size();
  }
  if (best > min) return best;
  if (auto p = window.find_last_of(" \n\t"); p != std::string_view::npos && p + 1 > min) {
    return p + 1;
  }
  // No break at all: never split a UTF-8 sequence (continuation bytes are 10xxxxxx).
  // window[p] is the first byte of the next piece.
  size_t p = window.size() - 1;
  while (p > 1 && (static_cast<unsigned char>(window[p]) & 0xC0) == 0x80) --p;
  return p;
}

}  // namespace

std::vector<std::string_view> split_for_translation(std::string_view text, size_t max_bytes) {
  std::vector<std::string_view> out;
  if (max_bytes < 8) max_bytes = 8;
  while (text.size() > max_bytes) {
    // One byte past the limit, so that a cut right at the limit can be seen.
    const size_t keep = cut_point(text.substr(0, max_bytes + 1));
    const size_t n = keep > max_bytes ? max_bytes : keep;
    out.push_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  if (!text.empty()) out.push_back(text);
  return out;
}

}  // namespace souk::translate
