#pragma once

#include <set>
#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// "Add members" (owner and admins): the contacts not yet in the group, ticked, then Add.
// Closes when the server agreed; a refusal shows inline.
class AddMembersDialog {
 public:
  void open() { open_ = true; }
  void draw(ViewContext& ctx, const client::Chat& chat);

 private:
  bool open_ = false;
  bool requested_ = false;
  std::set<std::string> picked_;
};

}  // namespace souk::ui
