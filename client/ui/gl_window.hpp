#pragma once

#include <functional>
#include <string>
#include <vector>

#include "client/ui/input_queue.hpp"

struct GLFWwindow;

namespace souk::ui {

// The one GLFW window with an OpenGL 3 context and Dear ImGui's GLFW + OpenGL3 backends.
// Everything here runs on the UI thread except wake(), which any thread may call.
class GlWindow {
 public:
  using OnDrop = std::function<void(std::vector<std::string> paths)>;

  GlWindow(int width, int height, const std::string& title);
  ~GlWindow();
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;

  bool should_close() const;
  // Sleeps until input arrives, wake() is called or `timeout_s` passes. True if input
  // arrived or it returned before the timeout (a wake). A zero timeout only polls.
  bool wait(double timeout_s);
  void begin_frame();
  void end_frame(float clear_r, float clear_g, float clear_b);

  // Thread-safe: interrupts wait() from another thread (glfwPostEmptyEvent).
  static void wake();

  void set_title(const std::string& title);
  void on_drop(OnDrop callback) { on_drop_ = std::move(callback); }
  // The monitor's content scale (1.0 at 96 DPI), for fonts and spacing.
  float content_scale() const;
  void position(int& x, int& y) const;
  GLFWwindow* handle() const { return window_; }

 private:
  static void drop_callback(GLFWwindow* window, int count, const char** paths);
  // The window behind a GLFW callback, marked as having seen input.
  static GlWindow& of(GLFWwindow* window);
  static void key_callback(GLFWwindow* window, int key, int scancode, int action, int mods);
  static void mouse_button_callback(GLFWwindow* window, int button, int action, int mods);
  static void scroll_callback(GLFWwindow* window, double dx, double dy);
  static void char_callback(GLFWwindow* window, unsigned int c);
  static void cursor_pos_callback(GLFWwindow* window, double x, double y);
  GLFWwindow* window_ = nullptr;
  std::string title_;
  InputQueue input_;  // keys and characters, in an order ImGui 1.86 can follow
  OnDrop on_drop_;
  bool input_seen_ = false;
};

}  // namespace souk::ui
