#pragma once

#include "client/core/commands.hpp"
#include "client/core/store.hpp"
#include "client/core/transfers.hpp"
#include "client/ui/fonts.hpp"
#include "client/ui/frame_pacer.hpp"

namespace souk::ui {

// What every view gets for a frame: the store to read, the commands to raise, the fonts,
// and the pacer to ask for a timely redraw (a countdown, a spinner, a typing indicator).
class PictureTextures;

struct ViewContext {
  const client::Store& store;
  client::Commands& commands;
  const Fonts& fonts;
  FramePacer& pacer;
  bool window_focused = true;
  // Files and photos; absent in views drawn without a network (the scroll bench).
  client::Transfers* transfers = nullptr;
  PictureTextures* textures = nullptr;
};

}  // namespace souk::ui
