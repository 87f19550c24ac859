#include "client/ui/contact_picker.hpp"

#include <imgui.h>

#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

bool contact_picker(ViewContext& ctx, std::set<std::string>& picked,
                    const std::set<std::string>& exclude, const std::string& probe_prefix) {
  const auto& book = ctx.store.contacts;
  const float em = ImGui::GetFontSize();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginChild("contact_picker", ImVec2(em * 22, line * 8), true);
  bool offered = false;
  // By contact group and display name, as the contact list shows them.
  for (const auto& group : book.groups) {
    for (const auto& id : group.members) {
      const auto* card = book.find(id);
      if (card == nullptr || exclude.contains(id)) continue;
      offered = true;
      ImGui::PushID(id.c_str());
      bool ticked = picked.contains(id);
      presence_dot(card->presence, presence_label(card->presence));
      ImGui::SameLine();
      const std::string label = (card->display_name.empty() ? id : card->display_name) + "##pick";
      if (ImGui::Checkbox(label.c_str(), &ticked)) {
        if (ticked) {
          picked.insert(id);
        } else {
          picked.erase(id);
        }
      }
      probe::item(probe_prefix + "." + id);
      ImGui::SameLine();
      ImGui::TextDisabled("%s", id.c_str());
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  // A contact removed meanwhile is no longer picked.
  std::erase_if(picked, [&](const std::string& id) { return book.find(id) == nullptr; });
  return offered;
}

}  // namespace souk::ui
