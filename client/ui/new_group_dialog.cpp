#include "client/ui/new_group_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <vector>

#include "client/ui/contact_picker.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void NewGroupDialog::draw(ViewContext& ctx) {
  if (open_) {
    ImGui::OpenPopup("New group chat");
    open_ = false;
    requested_ = false;
    name_.clear();
    picked_.clear();
  }
  if (!ImGui::BeginPopupModal("New group chat", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    return;
  }
  probe::value("new_group.open", "yes");
  const auto& groups = ctx.store.groups;
  const float em = ImGui::GetFontSize();
  ImGui::TextUnformatted("Group name");
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(em * 22);
  ImGui::InputTextWithHint("##group_name", "e.g. Summer dresses", &name_);
  probe::item("new_group.name");
  ImGui::TextUnformatted("Members");
  if (!contact_picker(ctx, picked_, {}, "new_group.pick")) {
    muted_text("Add sellers to your contacts first; then pick them here.");
  }
  ImGui::TextDisabled("%zu picked", picked_.size());
  probe::value("new_group.picked", std::to_string(picked_.size()));

  if (requested_ && groups.creating) {
    spinner("Creating the group…");
    ctx.pacer.redraw_within(1.0 / 30);
  } else if (requested_ && !groups.create_error.empty()) {
    error_text(groups.create_error);
    probe::value("new_group.error", groups.create_error);
  } else if (requested_ && !groups.created.empty()) {
    ImGui::CloseCurrentPopup();  // the group's chat is open behind the dialog
  }
  const bool ready = !name_.empty() && !picked_.empty() && !groups.creating;
  if (dialog_actions("Create", ready, "new_group", "create")) {
    ctx.commands.create_group(name_, std::vector<std::string>(picked_.begin(), picked_.end()));
    requested_ = true;
  }
  ImGui::EndPopup();
}

}  // namespace souk::ui
