#include "client/ui/main_view.hpp"

#include <imgui.h>

#include "client/ui/ui_probe.hpp"

namespace souk::ui {

void MainView::draw(ViewContext& ctx) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::Begin("##main", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (top_.draw(ctx)) settings_.open(ctx.store);
  const float em = ImGui::GetFontSize();
  const float status_h =
      ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y * 2;
  const float body_h = ImGui::GetContentRegionAvail().y - status_h;
  const float left_w = std::max(em * 17, ImGui::GetContentRegionAvail().x * 0.27f);

  ImGui::BeginChild("left_panel", ImVec2(left_w, body_h), true);
  left_.draw(ctx);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("chat_area", ImVec2(0, body_h), true);
  chats_.draw(ctx);
  ImGui::EndChild();
  status_.draw(ctx);
  settings_.draw(ctx);
  ImGui::End();
}

}  // namespace souk::ui
