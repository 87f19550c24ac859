#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace souk::cli {

// A one-line bar on stderr ("photo.png [#####     ] 48%  1.2/2.5 MiB"), redrawn at most
// ten times a second so that a fast transfer is not slowed by the terminal.
class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total);
  ~ProgressBar();
  void update(int64_t done);
  // Draws the last state and ends the line.
  void finish();

 private:
  void draw();
  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  bool finished_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace souk::cli
