#pragma once

#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// Settings (⚙): Account, Chat (translation, as TradeManager has it: Enable translation,
// Language, "I write in", Apply) and Appearance (text size). The Chat form edits a copy
// of the settings; nothing changes until Apply.
class SettingsDialog {
 public:
  void open(const client::Store& store);
  void draw(ViewContext& ctx);

 private:
  void draw_account(ViewContext& ctx);
  void draw_chat(ViewContext& ctx);
  void draw_appearance(ViewContext& ctx);

  bool opening_ = false;
  bool enabled_ = false;
  std::string target_;
  std::string write_in_;
};

}  // namespace souk::ui
