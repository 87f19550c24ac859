#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/ui/chat_view.hpp"
#include "client/ui/group_members_view.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// The right side: one tab per open conversation, with unread counts on the tabs. A chat
// the store focuses (opened from the list, a deep link) comes to the front.
class ChatAreaView {
 public:
  void draw(ViewContext& ctx);
  // The chat on the front tab, if any (for the bench's scrolling).
  ChatView* front();
  const client::ChatKey& front_id() const { return front_; }

 private:
  std::vector<client::ChatKey> open_;
  std::map<client::ChatKey, std::unique_ptr<ChatView>> views_;
  std::map<client::ChatKey, GroupMembersView> members_;  // group chats' member panels
  client::ChatKey seen_focus_;
  uint64_t seen_focus_requests_ = 0;
  client::ChatKey front_;
};

}  // namespace souk::ui
