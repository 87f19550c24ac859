#pragma once

#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// The message input: multiline, no length limit (a std::string that grows), Enter sends,
// Shift+Enter (or Ctrl+Enter) adds a new line, Ctrl+V pastes. Typing is reported to the
// peer as the user edits.
class ComposerView {
 public:
  void draw(ViewContext& ctx, const client::Chat& chat);
  void focus() { focus_ = true; }

 private:
  void send(ViewContext& ctx, const client::Chat& chat);
  std::string draft_;
  bool focus_ = true;
  bool edited_ = false;
};

}  // namespace souk::ui
