#pragma once

#include "client/ui/new_group_dialog.hpp"
#include "client/ui/recent_tab_view.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// The Groups tab: "New group", then the group chats by last activity with unread badges.
class GroupsTabView {
 public:
  void draw(ViewContext& ctx);
  // After the tab bar, so the dialog stays open whichever tab is in front.
  void draw_dialogs(ViewContext& ctx) { new_group_.draw(ctx); }

 private:
  RecentTabView list_;
  NewGroupDialog new_group_;
};

}  // namespace souk::ui
