#include "client/ui/add_members_dialog.hpp"

#include <imgui.h>

#include <vector>

#include "client/ui/contact_picker.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void AddMembersDialog::draw(ViewContext& ctx, const client::Chat& chat) {
  const client::GroupInfo* info = ctx.store.groups.find(chat.id);
  if (open_) {
    ImGui::OpenPopup("Add members");
    open_ = false;
    requested_ = false;
    picked_.clear();
  }
  if (!ImGui::BeginPopupModal("Add members", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  probe::value("add_members.open", "yes");
  std::set<std::string> members;
  if (info != nullptr) {
    for (const auto& m : info->members) members.insert(m.member_id);
  }
  ImGui::Text("Add to %s", chat.title.c_str());
  if (!contact_picker(ctx, picked_, members, "add_members.pick")) {
    muted_text("All your contacts are in this group already.");
  }
  if (requested_ && info != nullptr) {
    if (info->busy) {
      spinner("Adding…");
      ctx.pacer.redraw_within(1.0 / 30);
    } else if (!info->error.empty()) {
      error_text(info->error);
    } else {
      ImGui::CloseCurrentPopup();
    }
  }
  const bool ready = !picked_.empty() && info != nullptr && !info->busy;
  if (dialog_actions("Add", ready, "add_members", "add")) {
    ctx.commands.add_members(chat.id, std::vector<std::string>(picked_.begin(), picked_.end()));
    requested_ = true;
  }
  ImGui::EndPopup();
}

}  // namespace souk::ui
