#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "client/core/commands.hpp"
#include "client/core/store.hpp"
#include "client/ui/chat_area_view.hpp"

namespace souk::ui {

// `souk --bench-scroll FILE` (driven by `souk-bench client-frame`): once the deep-linked
// chat is open, pages in its whole history, then scrolls through it frame by frame and
// writes what each frame cost to FILE as JSON. Afterwards the client idles normally, so
// the bench can measure idle CPU from outside.
class ScrollBench {
 public:
  explicit ScrollBench(std::string out_file) : out_file_(std::move(out_file)) {}

  // Before a frame is drawn. True while the bench wants frames back to back.
  bool before_frame(const client::Store& store, client::Commands& commands, ChatAreaView& chats);
  // After it: the UI thread's CPU time for the frame (poll, layout, draw, render calls).
  void after_frame(double ui_cpu_ms);

 private:
  enum class Phase { kWaitForChat, kLoading, kJumping, kWheeling, kDone };
  struct Series {
    std::vector<double> ui_ms;
    double process_cpu_start = 0;
    double process_cpu_ms = 0;  // all threads, incl. the software renderer's
  };
  void start(Series& s);
  void finish(Series& s);
  void write(size_t messages);

  std::string out_file_;
  Phase phase_ = Phase::kWaitForChat;
  int frame_in_phase_ = 0;
  std::chrono::steady_clock::time_point load_start_;
  double load_seconds_ = 0;
  Series jump_, wheel_;
  Series* recording_ = nullptr;
  size_t messages_ = 0;
};

}  // namespace souk::ui
