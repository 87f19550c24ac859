#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "client/ui/theme.hpp"
#include "gui/souk_window.hpp"
#include "gui/x_display.hpp"
#include "tools/process/child_process.hpp"
#include "tools/process/process.hpp"
#include "tools/process/soukd_process.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk::test {

constexpr const char* kGuiPassword = "correct horse";

// Colours within `tolerance` per channel of a palette entry.
inline bool looks_like(Pixel p, ui::Rgb expected, int tolerance = 12) {
  return std::abs(p.r - expected.r) <= tolerance && std::abs(p.g - expected.g) <= tolerance &&
         std::abs(p.b - expected.b) <= tolerance;
}

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool wait_for_file_text(const std::filesystem::path& file, const std::string& needle,
                               std::chrono::seconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (read_file(file).find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

inline std::string describe(Pixel p) {
  return "rgb(" + std::to_string(p.r) + "," + std::to_string(p.g) + "," + std::to_string(p.b) + ")";
}

// Xvfb, a real soukd and, on demand, the real souk window; screenshots of each test are
// kept under <build>/gui-artifacts/<test name>/.
class GuiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!XDisplay::available()) GTEST_SKIP() << "Xvfb, xdotool, xwd or convert missing";
    display_ = std::make_unique<XDisplay>(dir_ / "x");
    // A dropped stream shows offline after a second, not the default ten.
    server_ = std::make_unique<SoukdProcess>(
        SOUKD_PATH, dir_ / "data", std::vector<std::string>{"--presence-grace-seconds", "1"});
  }

  void TearDown() override {
    if (window_ && HasFailure()) {
      shot("at-failure");
      ADD_FAILURE() << "last probe: " << window_->probe().dump() << "\nsouk log:\n"
                    << window_->log();
    }
    if (window_) {
      const int code = window_->close();
      EXPECT_EQ(code, 0) << "souk did not shut down cleanly:\n" << window_->log();
      window_.reset();
    }
  }

  SoukWindow& open_souk(std::vector<std::string> args = {},
                        const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), {"--server", server_->address()});
    window_ = std::make_unique<SoukWindow>(*display_, dir_ / "souk", std::move(args), env);
    return *window_;
  }

  // The window, signed in as `member` (a registered account) and showing the main view.
  SoukWindow& open_signed_in(const std::string& member, std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"--member", member});
    auto& souk = open_souk(std::move(args), {{"SOUK_PASSWORD", kGuiPassword}});
    EXPECT_TRUE(souk.wait_for_value("view", "main")) << souk.log();
    return souk;
  }

  void register_member(const std::string& id, const std::string& name, bool seller = false) {
    std::vector<std::string> args = {"register", id, "--name", name};
    if (seller) args.insert(args.end(), {"--seller", "--shop", name + " Shop"});
    auto r = cli(id, args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // souk-cli against this server, one profile per user.
  ProcessResult cli(const std::string& profile, std::vector<std::string> args) {
    std::vector<std::string> argv = {SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                                     (dir_ / ("profile-" + profile)).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"SOUK_PASSWORD", kGuiPassword}});
  }

  // A screenshot, also saved as a PNG artifact named after the test and `tag`.
  Screenshot shot(const std::string& tag) {
    auto s = display_->screenshot(tag);
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    s.save_png(std::filesystem::path(SOUK_GUI_ARTIFACTS) /
               (std::string(info->test_suite_name()) + "." + info->name()) / (tag + ".png"));
    return s;
  }

  // Takes screenshots until the pixel at (x, y) looks like `colour` (the screen may lag a
  // frame behind the probe); the last screenshot is kept as an artifact named `tag`.
  bool wait_for_pixel(int x, int y, ui::Rgb colour, const std::string& tag,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto s = display_->screenshot(tag);
      last_pixel_ = s.at(x, y);
      if (looks_like(last_pixel_, colour) || std::chrono::steady_clock::now() > deadline) {
        shot(tag);
        return looks_like(last_pixel_, colour);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  Pixel last_pixel_;
  TempDir dir_;
  std::unique_ptr<XDisplay> display_;
  std::unique_ptr<SoukdProcess> server_;
  std::unique_ptr<SoukWindow> window_;
};

}  // namespace souk::test
