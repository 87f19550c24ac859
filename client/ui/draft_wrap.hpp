#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace souk::ui {

// The composer's draft, shown wrapped. ImGui 1.86's multiline input cannot wrap, so it
// edits a copy of the draft with a line break inserted wherever a line is full (a soft
// break); the draft is that copy without them. After each edit the soft breaks are found
// again from what changed, so they never reach the message, the clipboard or the undo
// history. No ImGui here: the composer feeds it the input's buffer and cursor.
class DraftWrap {
 public:
  // Where the lines of a text start because the line before was full (not after '\n').
  using LineBreaks = std::function<std::vector<size_t>(std::string_view text)>;
  enum class Key { kOther, kBackspace, kDelete };

  // Offsets into the shown text.
  struct Cursor {
    size_t pos = 0, select_start = 0, select_end = 0;
  };

  const std::string& text() const { return text_; }
  const std::string& shown() const { return shown_; }
  size_t lines() const { return lines_; }

  // Replaces the draft (sent, translated, undone), wrapped; the cursor goes to its end.
  Cursor set_text(std::string_view text, const LineBreaks& breaks);
  // Wraps the draft again, for a new width. The cursor keeps its place in the draft.
  Cursor rewrap(const LineBreaks& breaks, Cursor cursor);
  // The input changed its buffer from shown() to `now` with the cursor at `cursor`
  // (offsets into `now`), because the user pressed `key`. Returns where the cursor goes
  // in the new shown(). A soft break the user deleted on its own takes the character
  // before it (Backspace) or after it (Delete) along, as in any editor that wraps.
  Cursor edited(std::string_view now, Cursor cursor, Key key, const LineBreaks& breaks);
  // The draft's text between two offsets of shown(), without soft breaks.
  std::string text_between(size_t shown_begin, size_t shown_end) const;

 private:
  size_t to_text(size_t shown_pos, const std::vector<size_t>& soft) const;
  Cursor wrap(const LineBreaks& breaks, size_t text_pos, size_t select_start, size_t select_end);

  std::string text_;
  std::string shown_;
  std::vector<size_t> soft_;  // offsets in shown_ of the inserted '\n's, ascending
  size_t lines_ = 1;
};

}  // namespace souk::ui
