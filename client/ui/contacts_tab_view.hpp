#pragma once

#include <cstdint>
#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// Contacts by contact group, each group collapsible and online first, with presence dots,
// status text, shop and unread badges; incoming requests with Accept/Decline and sent ones
// with Cancel; a right-click menu to move, remove or block a contact and to create or
// rename groups. One click on a contact opens the chat.
class ContactsTabView {
 public:
  // `filter`: the search field's text (matches name, member ID or shop).
  // Returns true when the empty state's "Add +" was pressed.
  bool draw(ViewContext& ctx, const std::string& filter);

 private:
  void draw_requests(ViewContext& ctx);
  // Requests this user sent that wait for an answer, each with Cancel.
  void draw_sent_requests(ViewContext& ctx);
  void draw_contact(ViewContext& ctx, const client::MemberCard& card, int64_t group_id);
  void draw_contact_menu(ViewContext& ctx, const client::MemberCard& card, int64_t group_id);
  void draw_group_dialogs(ViewContext& ctx);

  // Group name dialogs: new (rename_id_ == 0) or rename.
  bool open_name_dialog_ = false;
  int64_t rename_id_ = 0;
  std::string group_name_;
};

}  // namespace souk::ui
