#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tools/process/child_process.hpp"

namespace souk::test {

// A private virtual X server (Xvfb) on a display number it picks itself, for the GUI
// tests and souk-bench's client-frame. Stopped when this goes away.
class XvfbProcess {
 public:
  XvfbProcess(const std::filesystem::path& dir, int width, int height);
  static bool installed();
  // ":N", for DISPLAY.
  const std::string& display() const { return display_; }

 private:
  std::unique_ptr<ChildProcess> server_;
  std::string display_;
};

}  // namespace souk::test
