#pragma once

#include "client/ui/view_context.hpp"

namespace souk::ui {

// Conversations by last activity: name, a one-line preview, time and unread badge.
// With `groups_only`, the Groups tab: the group chats alone.
class RecentTabView {
 public:
  void draw(ViewContext& ctx, bool groups_only);
};

}  // namespace souk::ui
