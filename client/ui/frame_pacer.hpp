#pragma once

#include <algorithm>

namespace souk::ui {

// Decides how long the frame loop may sleep. ImGui needs a few frames after an input to
// settle (hover, popups opening); after that an idle client sleeps in
// glfwWaitEventsTimeout until input, a wake from another thread, or the next moment a
// view asked to be redrawn (a countdown, a spinner).
class FramePacer {
 public:
  static constexpr int kSettleFrames = 3;
  // Nothing on screen changes by itself faster than this when idle: times show minutes,
  // and what ticks faster (a countdown, a spinner, typing) asks for its own redraw. Each
  // redraw repaints the window in software under Mesa, so idle frames are kept rare.
  static constexpr double kIdleTimeout = 10.0;

  // Before drawing: a view may ask for a redraw within `seconds` (spinner: ~1/30).
  void redraw_within(double seconds) { next_ = std::min(next_, seconds); }
  // After a frame: how long to wait before the next one.
  double timeout() {
    const double t = settle_ > 0 ? 0.0 : next_;
    if (settle_ > 0) --settle_;
    next_ = kIdleTimeout;
    return t;
  }
  // The wait ended early: input or a wake.
  void woke() { settle_ = kSettleFrames; }

 private:
  int settle_ = kSettleFrames;
  double next_ = kIdleTimeout;
};

}  // namespace souk::ui
