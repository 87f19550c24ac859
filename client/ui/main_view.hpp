#pragma once

#include "client/ui/chat_area_view.hpp"
#include "client/ui/left_panel_view.hpp"
#include "client/ui/settings_dialog.hpp"
#include "client/ui/status_bar_view.hpp"
#include "client/ui/top_bar_view.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// The signed-in window: top bar, the left panel, the chat area and the status bar.
class MainView {
 public:
  void draw(ViewContext& ctx);
  ChatAreaView& chats() { return chats_; }

 private:
  TopBarView top_;
  LeftPanelView left_;
  ChatAreaView chats_;
  StatusBarView status_;
  SettingsDialog settings_;
};

}  // namespace souk::ui
