#include "client/ui/app.hpp"

#include <imgui.h>

#include <atomic>
#include <csignal>

#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"

namespace souk::ui {
namespace {

// SIGTERM/SIGINT end the frame loop so the client shuts down as if the window closed.
// The loop sees the flag within one idle timeout (nothing else is safe in a handler).
std::atomic<bool> g_stop{false};
void request_stop(int) {
  g_stop = true;
}

}  // namespace

App::App(const AppOptions& options)
    : options_(options), window_(options.width, options.height, "Souk") {
  if (!options_.probe_file.empty()) probe::enable(options_.probe_file);
  const float scale = window_.content_scale();
  fonts_ = load_fonts(find_fonts(), 16.0f, scale);
  apply_theme(scale, false);
  login_.prefill(options_.server, options_.member_id);
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
}

App::~App() = default;

int App::run() {
  while (!window_.should_close() && !g_stop) {
    if (window_.wait(pacer_.timeout())) pacer_.woke();
    frame();
  }
  return 0;
}

void App::frame() {
  window_.begin_frame();
  const auto submitted = login_.draw(false, "");
  (void)submitted;
  probe::value("view", "login");
  const Rgb bg = palette::kWindow;
  window_.end_frame(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f);
  int x = 0, y = 0;
  window_.position(x, y);
  probe::end_frame(x, y);
}

}  // namespace souk::ui
