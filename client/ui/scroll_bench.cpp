#include "client/ui/scroll_bench.hpp"

#include <imgui.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

namespace souk::ui {
namespace {

constexpr int kFramesPerPhase = 600;

double process_cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

nlohmann::json summary(std::vector<double> ms, double process_ms) {
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) { return ms[std::min(ms.size() - 1, size_t(p * (ms.size() - 1)))]; };
  double sum = 0;
  for (double v : ms) sum += v;
  return {{"frames", ms.size()},           {"ui_thread_ms_mean", sum / ms.size()},
          {"ui_thread_ms_p50", at(0.5)},   {"ui_thread_ms_p99", at(0.99)},
          {"ui_thread_ms_max", ms.back()}, {"process_cpu_ms_per_frame", process_ms / ms.size()}};
}

}  // namespace

void ScrollBench::start(Series& s) {
  s.process_cpu_start = process_cpu_ms();
  recording_ = &s;
  frame_in_phase_ = 0;
}

void ScrollBench::finish(Series& s) {
  s.process_cpu_ms = process_cpu_ms() - s.process_cpu_start;
  recording_ = nullptr;
}

bool ScrollBench::before_frame(const client::Store& store, client::Commands& commands,
                               ChatAreaView& chats) {
  const client::Chat* chat = store.chat(store.focus);
  ChatView* view = chats.front();
  switch (phase_) {
    case Phase::kWaitForChat:
      if (chat == nullptr || chat->messages.empty() || view == nullptr) return false;
      phase_ = Phase::kLoading;
      load_start_ = std::chrono::steady_clock::now();
      return true;
    case Phase::kLoading:
      if (chat->has_older) {
        if (!chat->loading_older) commands.load_older(chat->id);
        return true;
      }
      load_seconds_ =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start_).count();
      messages_ = chat->messages.size();
      phase_ = Phase::kJumping;
      start(jump_);
      return true;
    case Phase::kJumping:
      // From the newest message to the oldest in 600 frames: every frame lands on rows
      // never laid out before.
      view->history().scroll_by(-view->history().content_height() / kFramesPerPhase);
      if (++frame_in_phase_ > kFramesPerPhase) {
        finish(jump_);
        phase_ = Phase::kWheeling;
        start(wheel_);
      }
      return true;
    case Phase::kWheeling:
      // A mouse wheel's pace, five lines a frame, back down from the oldest.
      view->history().scroll_by(ImGui::GetTextLineHeightWithSpacing() * 5);
      if (++frame_in_phase_ > kFramesPerPhase) {
        finish(wheel_);
        write(messages_);
        phase_ = Phase::kDone;
      }
      return true;
    case Phase::kDone:
      return false;
  }
  return false;
}

void ScrollBench::after_frame(double ui_cpu_ms) {
  if (recording_ != nullptr && frame_in_phase_ > 0) recording_->ui_ms.push_back(ui_cpu_ms);
}

void ScrollBench::write(size_t messages) {
  nlohmann::json out = {{"messages_in_view", messages},
                        {"history_load_seconds", load_seconds_},
                        {"jump", summary(jump_.ui_ms, jump_.process_cpu_ms)},
                        {"wheel", summary(wheel_.ui_ms, wheel_.process_cpu_ms)}};
  const std::string tmp = out_file_ + ".tmp";
  std::ofstream(tmp) << out.dump(2) << "\n";
  std::rename(tmp.c_str(), out_file_.c_str());
}

}  // namespace souk::ui
