#pragma once

#include "client/ui/view_context.hpp"

namespace souk::ui {

// The chat's file transfers above the composer: name, a progress bar with sizes, and
// Cancel while running, Resume once stopped, a close button once finished. A sent file's
// row fades out by itself a few seconds after it finished (its message is in the chat).
class TransfersView {
 public:
  // Rows this chat's transfers take (for the layout above them).
  static int rows(const client::Store& store, const client::ChatKey& chat);
  static void draw(ViewContext& ctx, const client::Chat& chat);
};

}  // namespace souk::ui
