#pragma once

#include <string>

#include "client/ui/add_members_dialog.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// A group chat's member panel: each member with a presence dot and role; for the owner
// and admins "Add members" and a Remove per member they may remove; Leave for the rest.
// Removing and leaving ask first.
class GroupMembersView {
 public:
  void draw(ViewContext& ctx, const client::Chat& chat);

 private:
  void draw_member(ViewContext& ctx, const client::GroupInfo& info,
                   const client::GroupMemberEntry& member);
  void draw_confirm(ViewContext& ctx, const client::Chat& chat);
  AddMembersDialog add_;
  std::string confirm_remove_;  // the member Remove was pressed for
  bool confirm_leave_ = false;
  bool open_confirm_ = false;
};

}  // namespace souk::ui
