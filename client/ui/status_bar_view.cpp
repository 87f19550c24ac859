#include "client/ui/status_bar_view.hpp"

#include <imgui.h>

#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"

namespace souk::ui {

void StatusBarView::draw(ViewContext& ctx) {
  const auto& connection = ctx.store.connection;
  const std::string text = connection.describe();
  using Phase = client::ConnectionState::Phase;
  const bool connected = connection.phase == Phase::kConnected;
  // The countdown ticks once a second.
  if (connection.phase == Phase::kReconnecting) ctx.pacer.redraw_within(1.0);
  ImGui::Separator();
  const Rgb dot = connected ? palette::kOnline : palette::kOffline;
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(pos.x + h * 0.3f, pos.y + h * 0.5f), h * 0.22f,
                                              dot.packed());
  ImGui::Dummy(ImVec2(h * 0.7f, h));
  ImGui::SameLine();
  ImGui::TextUnformatted(text.c_str());
  probe::value("status", text);
  if (connection.phase == Phase::kReconnecting) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Retry now")) ctx.commands.reconnect_now();
  }
  // "2 transfers ▓▓▓░ 61%": every running transfer, in all chats.
  int64_t done = 0, total = 0;
  int running = 0;
  for (const auto& [id, t] : ctx.store.transfers) {
    if (!t.active()) continue;
    ++running;
    done += t.done;
    total += t.total;
  }
  if (running > 0) {
    ImGui::SameLine();
    ImGui::Text("· %d transfer%s", running, running == 1 ? "" : "s");
    ImGui::SameLine();
    const float fraction = total > 0 ? static_cast<float>(done) / static_cast<float>(total) : 0;
    ImGui::ProgressBar(fraction, ImVec2(ImGui::GetFontSize() * 8, ImGui::GetTextLineHeight()));
    probe::value("status.transfers", std::to_string(running));
  }
  if (!ctx.store.errors.general.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("· %s", ctx.store.errors.general.c_str());
  }
}

}  // namespace souk::ui
