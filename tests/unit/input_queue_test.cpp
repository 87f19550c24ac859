// The order in which keys and typed characters reach ImGui, which looks at key state once
// a frame. Each test plays events as X delivers them between two frames and checks what
// ImGui would see at each frame.
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "client/ui/input_queue.hpp"

namespace souk::ui {
namespace {

// What ImGui would have at the start of a frame: the keys down and the characters typed.
struct Frame {
  std::set<int> down;
  std::string typed;
};

class InputQueueTest : public ::testing::Test {
 protected:
  InputQueue queue_{[this](const InputQueue::Event& e) {
    if (e.kind == InputQueue::Event::kChar) {
      typed_ += static_cast<char>(e.codepoint);
    } else if (e.action == GLFW_PRESS) {
      down_.insert(e.key);
    } else {
      down_.erase(e.key);
    }
  }};

  void press(int key) { queue_.push({InputQueue::Event::kKey, key, 0, GLFW_PRESS, 0, 0}); }
  void release(int key) { queue_.push({InputQueue::Event::kKey, key, 0, GLFW_RELEASE, 0, 0}); }
  void type(char c) {
    const int key = c >= 'a' && c <= 'z' ? GLFW_KEY_A + (c - 'a') : GLFW_KEY_SPACE;
    press(key);
    queue_.push({InputQueue::Event::kChar, 0, 0, 0, 0, static_cast<unsigned>(c)});
    release(key);
  }
  // A frame begins: what ImGui sees in it.
  Frame frame() {
    queue_.new_frame();
    Frame f{down_, typed_};
    typed_.clear();
    return f;
  }

  std::set<int> down_;
  std::string typed_;
};

TEST_F(InputQueueTest, FastTypingReachesImGuiAtOnce) {
  for (char c : std::string("summer dresses")) type(c);
  const Frame f = frame();
  EXPECT_EQ(f.typed, "summer dresses") << "no character waits for a key's release";
  // The keys themselves settle a change a frame: "s" goes down and up four times.
  for (int i = 0; i < 8; ++i) EXPECT_EQ(frame().typed, "");
  EXPECT_TRUE(queue_.empty());
  EXPECT_TRUE(down_.empty());
}

TEST_F(InputQueueTest, AKeyPressedAndReleasedBetweenFramesIsSeenDown) {
  press(GLFW_KEY_ENTER);
  release(GLFW_KEY_ENTER);
  EXPECT_TRUE(frame().down.contains(GLFW_KEY_ENTER));
  EXPECT_FALSE(frame().down.contains(GLFW_KEY_ENTER));
}

TEST_F(InputQueueTest, CtrlLetGoBeforeVStillMakesCtrlV) {
  press(GLFW_KEY_LEFT_CONTROL);
  press(GLFW_KEY_V);
  release(GLFW_KEY_LEFT_CONTROL);
  release(GLFW_KEY_V);
  const Frame f = frame();
  EXPECT_TRUE(f.down.contains(GLFW_KEY_LEFT_CONTROL) && f.down.contains(GLFW_KEY_V));
  frame();
  EXPECT_TRUE(frame().down.empty());
}

TEST_F(InputQueueTest, TwoChordsInARowAreTwoFramesApart) {
  // Ctrl+C then Ctrl+X before the window drew a frame: each is seen whole, in order.
  press(GLFW_KEY_LEFT_CONTROL);
  press(GLFW_KEY_C);
  release(GLFW_KEY_C);
  release(GLFW_KEY_LEFT_CONTROL);
  press(GLFW_KEY_LEFT_CONTROL);
  press(GLFW_KEY_X);
  release(GLFW_KEY_X);
  release(GLFW_KEY_LEFT_CONTROL);
  std::vector<Frame> frames;
  while (!queue_.empty() && frames.size() < 10) frames.push_back(frame());
  int copy = -1, cut = -1;
  for (size_t i = 0; i < frames.size(); ++i) {
    const auto& d = frames[i].down;
    if (d.contains(GLFW_KEY_LEFT_CONTROL) && d.contains(GLFW_KEY_C) && copy < 0) copy = int(i);
    if (d.contains(GLFW_KEY_LEFT_CONTROL) && d.contains(GLFW_KEY_X) && cut < 0) cut = int(i);
  }
  EXPECT_GE(copy, 0);
  EXPECT_GT(cut, copy);
  EXPECT_TRUE(queue_.empty());
}

TEST_F(InputQueueTest, ACharacterTypedAfterEnterComesInTheNextFrame) {
  type('a');
  press(GLFW_KEY_ENTER);
  release(GLFW_KEY_ENTER);
  type('b');
  const Frame first = frame();
  EXPECT_EQ(first.typed, "a");
  EXPECT_TRUE(first.down.contains(GLFW_KEY_ENTER));
  std::string later;
  while (!queue_.empty()) later += frame().typed;
  EXPECT_EQ(later, "b");
}

TEST_F(InputQueueTest, ACharacterWaitsUntilCtrlIsUp) {
  // Ctrl+A and then "x" at once: ImGui drops characters while Ctrl is down.
  press(GLFW_KEY_LEFT_CONTROL);
  press(GLFW_KEY_A);
  release(GLFW_KEY_A);
  release(GLFW_KEY_LEFT_CONTROL);
  type('x');
  for (int i = 0; i < 6 && !queue_.empty(); ++i) {
    const Frame f = frame();
    if (!f.typed.empty()) {
      EXPECT_FALSE(f.down.contains(GLFW_KEY_LEFT_CONTROL)) << "x came while Ctrl was down";
    }
  }
  EXPECT_TRUE(queue_.empty());
}

}  // namespace
}  // namespace souk::ui
