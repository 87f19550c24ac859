#pragma once

#include <set>
#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// "Add +": member ID or name (focused, and kept focused after Search) → Search → a card
// per member (name, shop, presence, and "In contacts" or "Request sent" where Add would do
// nothing) → Add, then says plainly whether the contact was added or a request was sent.
class AddContactDialog {
 public:
  void open() { open_ = true; }
  void draw(ViewContext& ctx);

 private:
  void draw_card(ViewContext& ctx, const client::MemberCard& card);
  bool open_ = false;
  bool focus_ = false;
  std::string query_;
  std::string added_;             // the member ID Add was last pressed for
  std::set<std::string> adding_;  // Add pressed, the card not yet updated
  float results_height_ = 1e6f;   // the cards' height in the last frame
};

}  // namespace souk::ui
