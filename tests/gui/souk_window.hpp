#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gui/x_display.hpp"
#include "tools/process/child_process.hpp"

namespace souk::test {

struct ScreenRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int cx() const { return (x0 + x1) / 2; }
  int cy() const { return (y0 + y1) / 2; }
};

// The real `souk` executable on an XDisplay. The client writes where its widgets are to a
// probe file (SOUK_UI_PROBE); the test reads it to know where to click and when a view
// is ready, then acts through real input and judges by real screenshots.
class SoukWindow {
 public:
  SoukWindow(XDisplay& display, const std::filesystem::path& dir, std::vector<std::string> args,
             const std::map<std::string, std::string>& extra_env = {});
  ~SoukWindow();

  // The last frame's record; empty JSON before the first.
  nlohmann::json probe() const;
  std::optional<ScreenRect> item(const std::string& name) const;
  std::string value(const std::string& name) const;

  // Polls the probe until `done` holds; false after `timeout`.
  bool wait_until(const std::function<bool(const nlohmann::json&)>& done,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  bool wait_for_item(const std::string& name,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  bool wait_for_value(const std::string& name, const std::string& expected,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;

  void click(const std::string& item_name, int button = 1);
  // Clicks `item_name` until `done` holds, as a user clicks again when nothing happened:
  // at most three clicks, each only once the window took the last one in (the probe counts
  // mouse releases) and showed nothing new since, so a slow frame never gets a second
  // click that would undo a toggle. ImGui 1.86 samples input once per frame, and a click
  // that lands in the one frame a dialog grows can miss the button.
  bool click_until(const std::string& item_name,
                   const std::function<bool(const nlohmann::json&)>& done);
  // Clicks into a text field and types.
  void type_into(const std::string& item_name, const std::string& text);
  // SIGTERM, as a desktop session closing the app: the client shuts down cleanly.
  int close();
  std::string log() const { return process_->log(); }
  pid_t pid() const { return process_->pid(); }

 private:
  XDisplay& display_;
  std::filesystem::path probe_file_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace souk::test
