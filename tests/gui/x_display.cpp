#include "gui/x_display.hpp"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "tools/process/process.hpp"

namespace souk::test {
namespace {

uint32_t be32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

int mask_shift(uint32_t mask) {
  int shift = 0;
  while (mask != 0 && (mask & 1) == 0) {
    mask >>= 1;
    ++shift;
  }
  return shift;
}

// XWD as Xvfb's 24-bit TrueColor screen writes it: a big-endian header, a colour map we
// skip, then ZPixmap rows of 24- or 32-bit pixels (Xvfb picks either).
Screenshot parse_xwd(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<unsigned char> data((std::istreambuf_iterator<char>(in)), {});
  if (data.size() < 100) throw std::runtime_error("xwd file too short: " + file.string());
  const unsigned char* h = data.data();
  const uint32_t header_size = be32(h), width = be32(h + 16), height = be32(h + 20);
  const uint32_t byte_order = be32(h + 28), bits_per_pixel = be32(h + 44);
  const uint32_t bytes_per_line = be32(h + 48), red = be32(h + 56), green = be32(h + 60),
                 blue = be32(h + 64), ncolors = be32(h + 76);
  if (bits_per_pixel != 24 && bits_per_pixel != 32) {
    throw std::runtime_error("expected a 24- or 32-bit xwd screenshot, not " +
                             std::to_string(bits_per_pixel) + " bits: " + file.string());
  }
  const uint32_t bytes_per_pixel = bits_per_pixel / 8;
  const size_t offset = header_size + size_t(ncolors) * 12;
  if (data.size() < offset + size_t(bytes_per_line) * height)
    throw std::runtime_error("truncated xwd file");
  Screenshot shot;
  shot.width = static_cast<int>(width);
  shot.height = static_cast<int>(height);
  shot.file = file;
  shot.pixels.resize(size_t(width) * height);
  for (uint32_t y = 0; y < height; ++y) {
    const unsigned char* row = data.data() + offset + size_t(y) * bytes_per_line;
    for (uint32_t x = 0; x < width; ++x) {
      const unsigned char* p = row + x * bytes_per_pixel;
      uint32_t v = 0;
      for (uint32_t i = 0; i < bytes_per_pixel; ++i) {
        const uint32_t byte = byte_order == 0 ? i : bytes_per_pixel - 1 - i;  // 0: LSB first
        v |= uint32_t(p[i]) << (8 * byte);
      }
      shot.pixels[size_t(y) * width + x] = {static_cast<uint8_t>((v & red) >> mask_shift(red)),
                                            static_cast<uint8_t>((v & green) >> mask_shift(green)),
                                            static_cast<uint8_t>((v & blue) >> mask_shift(blue))};
    }
  }
  return shot;
}

bool on_path(const std::string& program) {
  return run_process({"/bin/sh", "-c", "command -v " + program}).exit_code == 0;
}

}  // namespace

void Screenshot::save_png(const std::filesystem::path& png) const {
  std::filesystem::create_directories(png.parent_path());
  run_process({"/usr/bin/convert", "xwd:" + file.string(), png.string()});
}

bool XDisplay::available() {
  return XvfbProcess::installed() && on_path("xdotool") && on_path("xwd") && on_path("convert");
}

XDisplay::XDisplay(const std::filesystem::path& dir, int width, int height)
    : dir_(dir), server_(std::make_unique<XvfbProcess>(dir, width, height)) {}

XDisplay::~XDisplay() = default;

void XDisplay::xdotool(std::vector<std::string> args) {
  args.insert(args.begin(), "xdotool");
  args.insert(args.begin(), "/usr/bin/env");
  auto result = run_process(args, {{"DISPLAY", name()}});
  if (result.exit_code != 0) throw std::runtime_error("xdotool failed: " + result.err);
}

void XDisplay::move(int x, int y) {
  xdotool({"mousemove", "--sync", std::to_string(x), std::to_string(y)});
}

void XDisplay::click(int x, int y, int button) {
  move(x, y);
  xdotool({"click", std::to_string(button)});
}

void XDisplay::type(const std::string& text) {
  xdotool({"type", "--delay", "40", "--", text});
}

void XDisplay::key(const std::string& keys) {
  xdotool({"key", "--delay", "40", keys});
}

void XDisplay::scroll(int x, int y, int clicks_up) {
  move(x, y);
  const int button = clicks_up > 0 ? 4 : 5;
  xdotool({"click", "--repeat", std::to_string(clicks_up > 0 ? clicks_up : -clicks_up), "--delay",
           "20", std::to_string(button)});
}

void XDisplay::input(const std::vector<std::string>& xdotool_args) {
  std::vector<std::string> args;
  // Key commands get the same 40 ms between events as key() and type().
  for (const auto& a : xdotool_args) {
    args.push_back(a);
    if (a == "key" || a == "keydown" || a == "keyup") args.insert(args.end(), {"--delay", "40"});
  }
  xdotool(args);
}

Screenshot XDisplay::screenshot(const std::string& tag) {
  const auto file = dir_ / (std::to_string(++shots_) + "-" + tag + ".xwd");
  auto result = run_process({"/usr/bin/env", "xwd", "-root", "-silent", "-out", file.string()},
                            {{"DISPLAY", name()}});
  if (result.exit_code != 0) throw std::runtime_error("xwd failed: " + result.err);
  return parse_xwd(file);
}

}  // namespace souk::test
