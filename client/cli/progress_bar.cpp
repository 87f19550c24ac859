#include "client/cli/progress_bar.hpp"

#include "client/core/local_file.hpp"

#include <iostream>

#include "client/cli/chat_json.hpp"

namespace souk::cli {

namespace {
constexpr int kWidth = 30;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
}  // namespace

ProgressBar::ProgressBar(std::string label, int64_t total)
    : label_(std::move(label)), total_(total) {}

ProgressBar::~ProgressBar() {
  if (!finished_ && done_ > 0) std::cerr << std::endl;  // leave the line as it stood
}

void ProgressBar::update(int64_t done) {
  done_ = done;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  draw();
}

void ProgressBar::finish() {
  draw();
  std::cerr << std::endl;
  finished_ = true;
}

void ProgressBar::draw() {
  const double fraction = total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 1;
  const int filled = static_cast<int>(fraction * kWidth);
  std::cerr << "\r" << label_ << " [" << std::string(filled, '#')
            << std::string(kWidth - filled, ' ') << "] " << static_cast<int>(fraction * 100)
            << "%  " << client::human_size(done_) << " / " << client::human_size(total_)
            << std::flush;
}

}  // namespace souk::cli
