#pragma once

#include "client/ui/composer_view.hpp"
#include "client/ui/message_list.hpp"
#include "client/ui/photo_viewer.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// One conversation: header with the peer's presence, the product card it started from,
// the history, the typing indicator, the offline banner, file transfers and the composer.
class ChatView {
 public:
  void draw(ViewContext& ctx, const client::Chat& chat);
  MessageList& history() { return history_; }
  // Group chats: whether the member panel is shown (the header toggles it).
  bool members_shown() const { return show_members_; }

 private:
  void draw_header(ViewContext& ctx, const client::Chat& chat);
  void draw_product(const client::Chat& chat);
  void draw_group_header(ViewContext& ctx, const client::Chat& chat);
  MessageList history_;
  ComposerView composer_;
  PhotoViewer photo_viewer_;
  bool show_members_ = true;
};

}  // namespace souk::ui
