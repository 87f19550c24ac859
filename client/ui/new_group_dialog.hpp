#pragma once

#include <set>
#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// "New group": a name, contacts ticked from a list, then Create; the new group opens as a
// chat tab and the dialog closes. A refusal shows inline.
class NewGroupDialog {
 public:
  void open() { open_ = true; }
  void draw(ViewContext& ctx);

 private:
  bool open_ = false;
  bool requested_ = false;  // Create was pressed; close once the group exists
  std::string name_;
  std::set<std::string> picked_;
};

}  // namespace souk::ui
