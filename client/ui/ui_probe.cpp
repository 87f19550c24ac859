#include "client/ui/ui_probe.hpp"

#include <imgui_internal.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

namespace souk::ui::probe {
namespace {

struct State {
  std::string path;
  nlohmann::json frame = nlohmann::json::object();
  std::string last_written;
  int64_t releases = 0;
};

State& state() {
  static State s;
  return s;
}

}  // namespace

bool enabled() {
  return !state().path.empty();
}

void enable(const std::string& path) {
  state().path = path;
}

void rect(const std::string& name, ImVec2 min, ImVec2 max) {
  if (!enabled()) return;
  // A window's first frame is laid out but not shown (ImGui sizes it first): a test must
  // not click, or look, before it is on screen.
  const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
  if (window != nullptr && (window->Hidden || window->HiddenFramesCannotSkipItems > 0)) return;
  state().frame["items"][name] = {min.x, min.y, max.x, max.y};
}

void item(const std::string& name) {
  if (!enabled()) return;
  rect(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void value(const std::string& name, const std::string& text) {
  if (!enabled()) return;
  state().frame["values"][name] = text;
}

void end_frame(int window_x, int window_y) {
  if (!enabled()) return;
  State& s = state();
  s.frame["window"] = {window_x, window_y};
  // Mouse buttons let go so far: a test sees that a frame took its click in before it
  // judges what came of it, so a slow frame never earns a second click.
  for (const bool released : ImGui::GetIO().MouseReleased) s.releases += released ? 1 : 0;
  s.frame["releases"] = s.releases;
  std::string text = s.frame.dump();
  s.frame = nlohmann::json::object();
  if (text == s.last_written) return;
  const std::string tmp = s.path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, s.path, ec);
  s.last_written = std::move(text);
}

}  // namespace souk::ui::probe
