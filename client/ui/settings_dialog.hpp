#pragma once

#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// Settings (⚙): Account (sessions with End per row and "End all other sessions", and a
// change-password form), Chat (translation, as TradeManager has it: Enable translation,
// Language, "I write in", Apply) and Appearance (text size). The Chat form edits a copy
// of the settings; nothing changes until Apply.
class SettingsDialog {
 public:
  void open(const client::Store& store);
  void draw(ViewContext& ctx);

 private:
  void draw_account(ViewContext& ctx);
  void draw_sessions(ViewContext& ctx);
  void draw_password(ViewContext& ctx);
  void draw_chat(ViewContext& ctx);
  void draw_appearance(ViewContext& ctx);

  bool opening_ = false;
  bool enabled_ = false;
  std::string target_;
  std::string write_in_;
  // Account tab: the sessions are fetched again each time the dialog opens.
  bool sessions_requested_ = false;
  std::string current_password_;
  std::string new_password_;
  std::string new_again_;
  std::string password_check_;  // the form's own check, before anything is sent
  uint64_t password_changes_seen_ = 0;
};

}  // namespace souk::ui
