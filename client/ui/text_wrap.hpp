#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

struct ImFont;

namespace souk::ui {

// Where ImGui's font would break a line: the start of the next line after `begin`, which
// ends at the paragraph's end, after the last word that fits in `width`, or mid-word when
// one word is wider than the line (long IDs, URLs, Chinese written without spaces). At
// least one whole character goes on every line.
const char* line_end(const ImFont& font, float font_size, const char* begin, const char* end,
                     float width);

// Where the lines of `text` start because the line before was full, not after a '\n':
// the places a wrapping editor breaks a line on its own.
std::vector<size_t> soft_line_starts(std::string_view text, const ImFont& font, float font_size,
                                     float width);

// A text cut into lines no wider than a width, laid out a slice at a time: ImGui draws a
// wrapped text in one call that reserves four vertices per byte and does not skip the
// lines outside the window, so a 20 KB message ran past the 65,535 vertices a draw list
// can index, lost its last lines and then aborted. Here only the lines on screen are
// drawn, each on its own, and a 10 MB message is laid out over several frames instead of
// stalling one. Lines are kept as offsets into the text, which the caller passes again on
// every use; a different text or width starts over.
class WrappedText {
 public:
  struct Line {
    uint32_t begin = 0, end = 0;
  };

  // Continues laying out `text` at `width` for about `budget_bytes` more bytes. True when
  // the whole text is laid out.
  bool extend(std::string_view text, const ImFont& font, float font_size, float width,
              size_t budget_bytes);
  bool complete() const { return done_; }
  size_t laid_out_bytes() const { return pos_; }
  size_t size() const { return lines_.size(); }
  const Line& line(size_t i) const { return lines_[i]; }
  // The widest line laid out so far.
  float widest() const { return widest_; }

 private:
  void reset(std::string_view text, float width);
  const char* source_ = nullptr;
  size_t source_size_ = 0;
  float width_ = 0, font_size_ = 0;
  std::vector<Line> lines_;
  size_t pos_ = 0;
  size_t paragraph_end_ = 0;  // the next '\n' at or after pos_ (or the text's end)
  float widest_ = 0;
  bool done_ = false;
};

}  // namespace souk::ui
