#pragma once

#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// "Add +": member ID (focused) → Search → a card (name, shop, presence, "already a
// contact") → Add, then says plainly whether the contact was added or a request was sent.
class AddContactDialog {
 public:
  void open() { open_ = true; }
  void draw(ViewContext& ctx);

 private:
  void draw_card(ViewContext& ctx, const client::MemberCard& card);
  bool open_ = false;
  bool focus_ = false;
  std::string member_id_;
  std::string added_;  // the member ID Add was pressed for
};

}  // namespace souk::ui
