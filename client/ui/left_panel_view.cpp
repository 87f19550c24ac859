#include "client/ui/left_panel_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void LeftPanelView::draw(ViewContext& ctx) {
  if (!ImGui::BeginTabBar("left")) return;
  const int64_t unread = ctx.store.total_unread();
  const std::string recent = unread > 0 ? "Recent (" + std::to_string(unread) + ")###recent"
                                        : std::string("Recent###recent");
  if (ImGui::BeginTabItem("Contacts")) {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - em * 4.2f);
    ImGui::InputTextWithHint("##filter", "Search contacts…", &filter_);
    ImGui::SameLine();
    if (primary_button("Add +", ImVec2(-1, 0))) add_.open();
    probe::item("contacts.add");
    ImGui::BeginChild("contact_list");
    if (contacts_.draw(ctx, filter_)) add_.open();
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  probe::item("left.contacts");
  if (ImGui::BeginTabItem(recent.c_str())) {
    ImGui::BeginChild("recent_list");
    recent_.draw(ctx, false);
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  probe::item("left.recent");
  if (ImGui::BeginTabItem("Groups")) {
    groups_.draw(ctx);
    ImGui::EndTabItem();
  }
  probe::item("left.groups");
  ImGui::EndTabBar();
  add_.draw(ctx);
  groups_.draw_dialogs(ctx);
}

}  // namespace souk::ui
