#pragma once

#include "client/ui/view_context.hpp"

namespace souk::ui {

// The bottom line: Connected · server / Reconnecting in N s / Offline, with "Retry now".
class StatusBarView {
 public:
  void draw(ViewContext& ctx);
};

}  // namespace souk::ui
