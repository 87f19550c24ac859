#pragma once

#include <deque>
#include <functional>
#include <vector>

namespace souk::ui {

// Keys and typed characters on their way from GLFW to Dear ImGui 1.86, which samples key
// state once per frame. Handed over as they came, a key pressed and released between two
// frames was never seen, and a Ctrl let go right after V took the Ctrl out of Ctrl+V. Here
// they wait until a frame begins, and go through in order as far as that frame can tell
// them apart; the rest waits for the next frame, and so does whatever depends on its order:
// - each key changes at most once per frame;
// - a modifier does not change after another key in the same frame;
// - a character waits behind a waiting Enter, Backspace, arrow or modifier, and does not
//   follow one of those in the same frame (ImGui reads a frame's characters before its
//   keys, so "Enter, then x" would become "x, then Enter").
// The press and release of a key that types a character block nothing, so typing never
// lags behind: characters are what it is about.
class InputQueue {
 public:
  struct Event {
    enum Kind { kKey, kChar } kind = kKey;
    int key = 0, scancode = 0, action = 0, mods = 0;  // GLFW's
    unsigned int codepoint = 0;
  };
  using Sink = std::function<void(const Event&)>;

  explicit InputQueue(Sink sink) : sink_(std::move(sink)) {}
  void push(const Event& e);
  // Called as a frame begins: what waited goes through, as much as this frame can take.
  void new_frame();
  bool empty() const { return waiting_.empty(); }

 private:
  void drain();
  void deliver(const Event& e);

  Sink sink_;
  std::deque<Event> waiting_;
  std::vector<int> changed_;      // keys that changed in the frame being gathered
  bool plain_changed_ = false;    // a key other than a modifier changed
  bool ordered_changed_ = false;  // Enter, Backspace, an arrow... changed
};

}  // namespace souk::ui
