#include "client/ui/input_queue.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>

namespace souk::ui {
namespace {

bool modifier(int key) {
  return key >= GLFW_KEY_LEFT_SHIFT && key <= GLFW_KEY_MENU;
}

// Keys that type a character of their own.
bool types(int key) {
  return (key >= GLFW_KEY_SPACE && key <= GLFW_KEY_WORLD_2) ||
         (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_EQUAL && key != GLFW_KEY_KP_ENTER);
}

bool contains(const std::vector<int>& keys, int key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

void InputQueue::push(const Event& e) {
  // ImGui 1.86 repeats held keys itself.
  if (e.kind == Event::kKey && e.action == GLFW_REPEAT) return;
  waiting_.push_back(e);
}

void InputQueue::new_frame() {
  changed_.clear();
  plain_changed_ = ordered_changed_ = false;
  drain();
}

void InputQueue::deliver(const Event& e) {
  if (e.kind == Event::kKey) {
    changed_.push_back(e.key);
    plain_changed_ |= !modifier(e.key);
    ordered_changed_ |= !modifier(e.key) && !types(e.key);
  }
  sink_(e);
}

void InputQueue::drain() {
  std::vector<int> waiting_keys;
  bool ordered_waiting = false, modifier_waiting = false;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    const Event& e = *it;
    bool now = false;
    if (e.kind == Event::kChar) {
      now = !ordered_waiting && !ordered_changed_;
    } else if (contains(waiting_keys, e.key) || contains(changed_, e.key)) {
      now = false;
    } else if (modifier(e.key)) {
      now = waiting_keys.empty() && !ordered_waiting && !plain_changed_;
    } else if (types(e.key)) {
      now = !modifier_waiting;
    } else {
      now = !ordered_waiting && !modifier_waiting;
    }
    if (now) {
      deliver(e);
      it = waiting_.erase(it);
      continue;
    }
    if (e.kind == Event::kKey) {
      waiting_keys.push_back(e.key);
      modifier_waiting |= modifier(e.key);
    }
    ordered_waiting |= e.kind == Event::kChar || !types(e.key);
    ++it;
  }
}

}  // namespace souk::ui
