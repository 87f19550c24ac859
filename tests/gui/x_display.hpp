#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tools/process/xvfb_process.hpp"

namespace souk::test {

struct Pixel {
  uint8_t r = 0, g = 0, b = 0;
};

// A screenshot of the whole X screen, as xwd took it.
struct Screenshot {
  int width = 0;
  int height = 0;
  std::vector<Pixel> pixels;   // row by row
  std::filesystem::path file;  // the .xwd file it came from

  Pixel at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
  // Writes a PNG (ImageMagick's convert) for people to look at when a test fails.
  void save_png(const std::filesystem::path& png) const;
};

// A private X server (Xvfb) for one test, driven with real input events through the
// XTEST extension (xdotool) and photographed with xwd. No window manager: windows sit
// where they ask to be and keyboard focus follows the pointer.
class XDisplay {
 public:
  explicit XDisplay(const std::filesystem::path& dir, int width = 1280, int height = 800);
  ~XDisplay();

  static bool available();  // Xvfb, xdotool, xwd and convert are installed
  const std::string& name() const { return server_->display(); }

  void move(int x, int y);
  void click(int x, int y, int button = 1);
  // Types text as key events. Keep it to what the keymap has (ASCII): for other
  // characters xdotool remaps a spare keycode on the fly, and the client's keymap reload
  // can drop that key and the next.
  void type(const std::string& text);
  // Keys by X keysym name, e.g. "Return", "shift+Return", "ctrl+v".
  void key(const std::string& keys);
  void scroll(int x, int y, int clicks_up);
  // Any xdotool input sequence, e.g. {"keydown", "shift", "key", "Return", "keyup", "shift"}:
  // for modifiers held across keys in a chosen order.
  void input(const std::vector<std::string>& xdotool_args);
  Screenshot screenshot(const std::string& tag);

 private:
  void xdotool(std::vector<std::string> args);
  std::filesystem::path dir_;
  std::unique_ptr<XvfbProcess> server_;
  int shots_ = 0;
};

}  // namespace souk::test
