#include "client/ui/widgets.hpp"

#include <cmath>

#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"

namespace souk::ui {

bool primary_button(const char* label, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_Button, palette::kAccent.packed());
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, IM_COL32(255, 128, 40, 255));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, IM_COL32(220, 90, 0, 255));
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, palette::kAccent.packed());
  const bool pressed = ImGui::Button(label, size);
  ImGui::PopStyleColor(5);
  return pressed;
}

ImVec2 presence_dot(v1::PresenceState state, const std::string& tooltip) {
  const float h = ImGui::GetTextLineHeight();
  const float radius = h * 0.3f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 centre(pos.x + radius + 1, pos.y + h * 0.5f + 1);
  ImGui::Dummy(ImVec2(radius * 2 + 2, h));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddCircleFilled(centre, radius, presence_colour(state).packed(), 16);
  const bool offline = state == v1::PRESENCE_OFFLINE || state == v1::PRESENCE_INVISIBLE ||
                       state == v1::PRESENCE_UNSPECIFIED;
  if (offline) draw->AddCircle(centre, radius, palette::kOfflineRim.packed(), 16, 1.5f);
  if (!tooltip.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tooltip.c_str());
  return centre;
}

void unread_badge(int64_t count) {
  if (count <= 0) return;
  const std::string text = count > 99 ? "99+" : std::to_string(count);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  const float pad = ImGui::GetTextLineHeight() * 0.3f;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 end(pos.x + size.x + pad * 2, pos.y + size.y);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(pos, end, palette::kAccent.packed(), size.y * 0.5f);
  draw->AddText(ImVec2(pos.x + pad, pos.y), IM_COL32(255, 255, 255, 255), text.c_str());
  ImGui::Dummy(ImVec2(end.x - pos.x, size.y));
}

void spinner(const char* words) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 centre(pos.x + h * 0.5f, pos.y + h * 0.5f);
  const float start = static_cast<float>(ImGui::GetTime()) * 6.0f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PathArcTo(centre, h * 0.35f, start, start + 4.2f, 16);
  draw->PathStroke(palette::kAccent.packed(), false, 2.0f);
  ImGui::Dummy(ImVec2(h, h));
  ImGui::SameLine();
  ImGui::TextUnformatted(words);
}

void muted_text(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

bool dialog_actions(const char* action, bool ready, const std::string& probe_prefix,
                    const std::string& action_probe) {
  ImGui::BeginDisabled(!ready);
  const bool pressed = primary_button(action);
  ImGui::EndDisabled();
  probe::item(probe_prefix + "." + action_probe);
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    ImGui::CloseCurrentPopup();
  }
  probe::item(probe_prefix + ".cancel");
  return pressed;
}

void error_text(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kError.packed());
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

std::string fitted_text(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  size_t end = text.size();
  while (end > 0) {
    --end;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    const std::string cut = text.substr(0, end) + "…";
    if (ImGui::CalcTextSize(cut.c_str()).x <= width) return cut;
  }
  return "…";
}

}  // namespace souk::ui
