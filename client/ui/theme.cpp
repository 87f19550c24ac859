#include "client/ui/theme.hpp"

#include <imgui.h>

namespace souk::ui {
namespace {

ImVec4 v(Rgb c, float alpha = 1.0f) {
  return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, alpha);
}

}  // namespace

Rgb presence_colour(v1::PresenceState state) {
  switch (state) {
    case v1::PRESENCE_ONLINE:
      return palette::kOnline;
    case v1::PRESENCE_BUSY:
      return palette::kBusy;
    case v1::PRESENCE_AWAY:
      return palette::kAway;
    default:
      return palette::kOffline;
  }
}

const char* presence_label(v1::PresenceState state) {
  switch (state) {
    case v1::PRESENCE_ONLINE:
      return "Online";
    case v1::PRESENCE_BUSY:
      return "Busy";
    case v1::PRESENCE_AWAY:
      return "Away";
    case v1::PRESENCE_INVISIBLE:
      return "Invisible";
    default:
      return "Offline";
  }
}

void apply_theme(float scale, bool dark) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  style.WindowPadding = ImVec2(10, 10);
  style.FramePadding = ImVec2(8, 5);
  style.ItemSpacing = ImVec2(8, 6);
  style.WindowRounding = 0;
  style.ChildRounding = 6;
  style.FrameRounding = 5;
  style.PopupRounding = 6;
  style.GrabRounding = 5;
  style.TabRounding = 5;
  style.ScrollbarRounding = 6;
  style.ScrollbarSize = 12;
  style.WindowBorderSize = 0;
  style.FrameBorderSize = 1;
  style.PopupBorderSize = 1;
  style.ScaleAllSizes(scale);

  ImVec4* c = style.Colors;
  if (dark) {
    ImGui::StyleColorsDark(&style);
    c[ImGuiCol_Button] = v(palette::kAccent, 0.75f);
    c[ImGuiCol_ButtonHovered] = v(palette::kAccent, 0.9f);
    c[ImGuiCol_ButtonActive] = v(palette::kAccent);
    c[ImGuiCol_TabActive] = v(palette::kAccent, 0.8f);
    c[ImGuiCol_CheckMark] = v(palette::kAccent);
    return;
  }
  c[ImGuiCol_Text] = v(palette::kText);
  c[ImGuiCol_TextDisabled] = v(palette::kTextMuted);
  c[ImGuiCol_WindowBg] = v(palette::kWindow);
  c[ImGuiCol_ChildBg] = v(palette::kPanel);
  c[ImGuiCol_PopupBg] = v(palette::kPanel);
  c[ImGuiCol_Border] = v(palette::kBorder);
  c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = v(palette::kPanel);
  c[ImGuiCol_FrameBgHovered] = v(palette::kAccentSoft, 0.6f);
  c[ImGuiCol_FrameBgActive] = v(palette::kAccentSoft);
  c[ImGuiCol_TitleBg] = v(palette::kWindow);
  c[ImGuiCol_TitleBgActive] = v(palette::kAccentSoft);
  c[ImGuiCol_MenuBarBg] = v(palette::kPanel);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = v(palette::kBorder);
  c[ImGuiCol_ScrollbarGrabHovered] = v(palette::kTextMuted, 0.6f);
  c[ImGuiCol_ScrollbarGrabActive] = v(palette::kTextMuted);
  c[ImGuiCol_CheckMark] = v(palette::kAccent);
  c[ImGuiCol_SliderGrab] = v(palette::kAccent, 0.8f);
  c[ImGuiCol_SliderGrabActive] = v(palette::kAccent);
  // Plain buttons are quiet; the one primary action of a view uses primary_button().
  c[ImGuiCol_Button] = v(palette::kWindow);
  c[ImGuiCol_ButtonHovered] = v(palette::kAccentSoft);
  c[ImGuiCol_ButtonActive] = v(palette::kAccentSoft, 0.8f);
  c[ImGuiCol_Header] = v(palette::kAccentSoft);
  c[ImGuiCol_HeaderHovered] = v(palette::kAccentSoft, 0.7f);
  c[ImGuiCol_HeaderActive] = v(palette::kAccentSoft);
  c[ImGuiCol_Separator] = v(palette::kBorder);
  c[ImGuiCol_Tab] = v(palette::kWindow);
  c[ImGuiCol_TabHovered] = v(palette::kAccentSoft);
  c[ImGuiCol_TabActive] = v(palette::kPanel);
  c[ImGuiCol_TabUnfocused] = v(palette::kWindow);
  c[ImGuiCol_TabUnfocusedActive] = v(palette::kPanel);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.1f, 0.1f, 0.12f, 0.35f);
  c[ImGuiCol_TextSelectedBg] = v(palette::kAccent, 0.3f);
  c[ImGuiCol_PlotHistogram] = v(palette::kAccent);
}

}  // namespace souk::ui
