#include "client/ui/groups_tab_view.hpp"

#include <imgui.h>

#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void GroupsTabView::draw(ViewContext& ctx) {
  if (primary_button("New group", ImVec2(-1, 0))) new_group_.open();
  probe::item("groups.new");
  ImGui::BeginChild("group_list");
  list_.draw(ctx, true);
  ImGui::EndChild();
}

}  // namespace souk::ui
