#pragma once

#include "client/core/commands.hpp"
#include "client/core/store.hpp"
#include "client/ui/fonts.hpp"
#include "client/ui/frame_pacer.hpp"

namespace souk::ui {

// What every view gets for a frame: the store to read, the commands to raise, the fonts,
// and the pacer to ask for a timely redraw (a countdown, a spinner, a typing indicator).
struct ViewContext {
  const client::Store& store;
  client::Commands& commands;
  const Fonts& fonts;
  FramePacer& pacer;
  bool window_focused = true;
};

}  // namespace souk::ui
