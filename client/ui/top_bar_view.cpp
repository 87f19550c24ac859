#include "client/ui/top_bar_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {
namespace {

constexpr v1::PresenceState kChoices[] = {v1::PRESENCE_ONLINE, v1::PRESENCE_BUSY, v1::PRESENCE_AWAY,
                                          v1::PRESENCE_INVISIBLE};

}  // namespace

bool TopBarView::draw(ViewContext& ctx) {
  const auto& me = ctx.store.me;
  if (me.status_text != synced_status_) {
    status_text_ = synced_status_ = me.status_text;
  }
  ImGui::PushFont(ctx.fonts.title);
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s", me.display_name.empty() ? me.member_id.c_str() : me.display_name.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("(%s)", me.member_id.c_str());
  ImGui::SameLine();

  // The selector: a dot in my colour (centred on the combo's line), then the four states.
  // Cut off from the server, nobody sees this user online for long: the dot and the label
  // say so until the stream is back, while the menu still holds the chosen state.
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetStyle().FramePadding.y);
  const bool live = ctx.store.presence_live();
  const char* shown = live ? presence_label(me.presence) : "Offline";
  const ImVec2 dot = presence_dot(live ? me.presence : v1::PRESENCE_OFFLINE,
                                  live ? shown : "Not connected: others see you offline");
  probe::item("me.presence_dot");
  const float r = ImGui::GetTextLineHeight() * 0.3f;
  probe::rect("me.presence_dot.centre", ImVec2(dot.x - r, dot.y - r), ImVec2(dot.x + r, dot.y + r));
  ImGui::SameLine();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(em * 7.5f);
  if (ImGui::BeginCombo("##presence", shown)) {
    for (auto state : kChoices) {
      if (ImGui::Selectable(presence_label(state), state == me.presence)) {
        ctx.commands.set_presence(state, status_text_);
      }
      probe::item(std::string("me.presence.") + presence_label(state));
    }
    ImGui::EndCombo();
  }
  probe::item("me.presence");
  probe::value("me.presence", shown);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 16);
  if (ImGui::InputTextWithHint("##status", "What are you up to?", &status_text_,
                               ImGuiInputTextFlags_EnterReturnsTrue)) {
    ctx.commands.set_presence(me.presence, status_text_);
  }
  if (ImGui::IsItemDeactivatedAfterEdit() && status_text_ != me.status_text) {
    ctx.commands.set_presence(me.presence, status_text_);
  }
  probe::item("me.status_text");
  if (!ctx.store.errors.presence.empty()) {
    ImGui::SameLine();
    error_text(ctx.store.errors.presence);
  }
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - em * 2.2f);
  const bool settings = ImGui::Button("\xe2\x9a\x99", ImVec2(em * 2, 0));  // ⚙
  probe::item("settings.open");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Settings");
  ImGui::Separator();
  return settings;
}

}  // namespace souk::ui
