#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "client/ui/draft_wrap.hpp"
#include "client/ui/file_picker.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// The message input: no length limit (a std::string that grows), wrapped to its width,
// growing from two to six lines and then scrolling. Enter sends; Shift+Enter adds a new
// line; Ctrl+Enter sends too; Ctrl+V pastes; Ctrl+Z and Ctrl+Y undo and redo. Typing is
// reported to the peer as the user edits. Below it: Attach (a file picker) and
// "Translate draft", which replaces the draft with its translation into the peer's
// language before it is sent.
class ComposerView {
 public:
  void draw(ViewContext& ctx, const client::Chat& chat);
  void focus() { focus_ = true; }
  // The composer's height this frame, for the history above it to leave room.
  float height() const;

 private:
  static int on_input(ImGuiInputTextCallbackData* data);
  int handle_input(ImGuiInputTextCallbackData& data);
  DraftWrap::LineBreaks line_breaks() const;
  // Puts `text` in the composer: at once while it is not being edited, else from inside
  // the input's callback, the only way in while ImGui owns the text.
  void replace_draft(std::string text);
  void remember_for_undo(const std::string& before, bool one_character);
  std::optional<std::string> undo_or_redo_key();
  void send(ViewContext& ctx, const client::Chat& chat);
  void draw_tools(ViewContext& ctx, const client::Chat& chat);
  void draw_hint_and_send(ViewContext& ctx, const client::Chat& chat);

  DraftWrap draft_;
  std::string buffer_;  // what the input edits: the draft with its soft line breaks
  std::optional<std::string> replacement_;
  float wrap_width_ = 0;         // the width the draft is wrapped at
  float wrapped_at_ = 0;         // ...and the width its shown text was last wrapped for
  DraftWrap::Cursor selection_;  // the input's selection as of the last frame
  bool active_ = false;          // the input had the keyboard last frame
  bool send_requested_ = false;
  std::vector<std::string> undo_, redo_;
  std::chrono::steady_clock::time_point last_undo_step_;
  FilePicker picker_;
  std::string draft_to_;        // language the draft is translated into; empty: guessed
  uint64_t draft_request_ = 0;  // the translation being waited for
  bool focus_ = true;
  bool edited_ = false;
};

}  // namespace souk::ui
