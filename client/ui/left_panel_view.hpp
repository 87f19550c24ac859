#pragma once

#include <string>

#include "client/ui/add_contact_dialog.hpp"
#include "client/ui/contacts_tab_view.hpp"
#include "client/ui/groups_tab_view.hpp"
#include "client/ui/recent_tab_view.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// The left panel: Contacts, Recent and Groups tabs, the contact search field and "Add +".
class LeftPanelView {
 public:
  void draw(ViewContext& ctx);

 private:
  std::string filter_;
  ContactsTabView contacts_;
  RecentTabView recent_;
  AddContactDialog add_;
  GroupsTabView groups_;
};

}  // namespace souk::ui
