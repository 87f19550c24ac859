#include "client/ui/text_wrap.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <string_view>

namespace souk::ui {
namespace {

// Bytes in the UTF-8 character at `s` (1 for a stray continuation byte).
size_t utf8_length(const char* s, const char* end) {
  const auto lead = static_cast<unsigned char>(*s);
  size_t n = lead < 0x80         ? 1
             : lead >> 5 == 0x6  ? 2
             : lead >> 4 == 0xE  ? 3
             : lead >> 3 == 0x1E ? 4
                                 : 1;
  return std::min<size_t>(n, static_cast<size_t>(end - s));
}

bool blank(char c) {
  return c == ' ' || c == '\t';
}

}  // namespace

const char* line_end(const ImFont& font, float font_size, const char* begin, const char* end,
                     float width) {
  if (begin >= end) return end;
  const char* eol = font.CalcWordWrapPositionA(font_size / font.FontSize, begin, end, width);
  if (eol <= begin) eol = begin + utf8_length(begin, end);
  return eol;
}

void WrappedText::reset(std::string_view text, float width) {
  source_ = text.data();
  source_size_ = text.size();
  width_ = width;
  lines_.clear();
  pos_ = 0;
  paragraph_end_ = 0;
  widest_ = 0;
  done_ = false;
}

bool WrappedText::extend(std::string_view text, const ImFont& font, float font_size, float width,
                         size_t budget_bytes) {
  if (text.data() != source_ || text.size() != source_size_ || width != width_ ||
      font_size != font_size_) {
    reset(text, width);
    font_size_ = font_size;
  }
  const char* data = text.data();
  const size_t size = text.size();
  const size_t stop = budget_bytes >= size - pos_ ? size : pos_ + budget_bytes;
  while (pos_ < stop) {
    if (lines_.empty() || paragraph_end_ < pos_) {
      const size_t nl = text.find('\n', pos_);
      paragraph_end_ = nl == std::string_view::npos ? size : nl;
    }
    const char* begin = data + pos_;
    const char* end = line_end(font, font_size, begin, data + paragraph_end_, width);
    lines_.push_back({static_cast<uint32_t>(pos_), static_cast<uint32_t>(end - data)});
    widest_ = std::max(widest_, font.CalcTextSizeA(font_size, FLT_MAX, 0, begin, end).x);
    pos_ = static_cast<size_t>(end - data);
    const bool wrapped = pos_ < paragraph_end_;
    // ImGui skips the blanks that start a wrapped line; so does this.
    while (wrapped && pos_ < paragraph_end_ && blank(data[pos_])) ++pos_;
    if (pos_ < paragraph_end_) continue;
    if (paragraph_end_ == size) {
      pos_ = size;
    } else {
      pos_ = paragraph_end_ + 1;
      // A text that ends with a line break shows the empty line after it.
      if (pos_ == size && !wrapped)
        lines_.push_back({static_cast<uint32_t>(size), static_cast<uint32_t>(size)});
    }
  }
  done_ = pos_ >= size;
  return done_;
}

std::vector<size_t> soft_line_starts(std::string_view text, const ImFont& font, float font_size,
                                     float width) {
  WrappedText lines;
  lines.extend(text, font, font_size, width, text.size());
  std::vector<size_t> starts;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t begin = lines.line(i).begin;
    if (begin < text.size() && text[begin - 1] != '\n') starts.push_back(begin);
  }
  return starts;
}

}  // namespace souk::ui
