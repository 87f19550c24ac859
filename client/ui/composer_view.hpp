#pragma once

#include <string>

#include "client/ui/file_picker.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// The message input: multiline, no length limit (a std::string that grows), Enter sends,
// Shift+Enter (or Ctrl+Enter) adds a new line, Ctrl+V pastes. Typing is reported to the
// peer as the user edits. Below it: Attach (a file picker) and "Translate draft", which
// replaces the draft with its translation into the peer's language before it is sent.
class ComposerView {
 public:
  void draw(ViewContext& ctx, const client::Chat& chat);
  void focus() { focus_ = true; }

 private:
  void send(ViewContext& ctx, const client::Chat& chat);
  void draw_tools(ViewContext& ctx, const client::Chat& chat);
  std::string draft_;
  FilePicker picker_;
  std::string draft_to_;        // language the draft is translated into; empty: guessed
  uint64_t draft_request_ = 0;  // the translation being waited for
  bool focus_ = true;
  bool edited_ = false;
};

}  // namespace souk::ui
