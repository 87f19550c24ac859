#pragma once

#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// The strip at the top: who I am, my presence (online, busy, away, invisible) with a
// status text, and the settings button.
class TopBarView {
 public:
  // True when the settings button was pressed.
  bool draw(ViewContext& ctx);

 private:
  std::string status_text_;
  std::string synced_status_;  // the store's text the field last showed
};

}  // namespace souk::ui
