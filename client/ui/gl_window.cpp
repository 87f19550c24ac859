#include "client/ui/gl_window.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace souk::ui {
namespace {

void glfw_error(int code, const char* description) {
  // GLFW reports through this callback only; without it a failed init is silent.
  std::fprintf(stderr, "souk: GLFW error %d: %s\n", code, description);
}

}  // namespace

GlWindow::GlWindow(int width, int height, const std::string& title)
    : title_(title), input_([this](const InputQueue::Event& e) {
        if (e.kind == InputQueue::Event::kChar) {
          ImGui_ImplGlfw_CharCallback(window_, e.codepoint);
        } else {
          ImGui_ImplGlfw_KeyCallback(window_, e.key, e.scancode, e.action, e.mods);
        }
      }) {
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) throw std::runtime_error("cannot open a window (is DISPLAY set?)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (window_ == nullptr) {
    glfwTerminate();
    throw std::runtime_error("cannot create an OpenGL 3 window");
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  glfwSetWindowUserPointer(window_, this);
  glfwSetDropCallback(window_, drop_callback);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  // Window layout is the product's, not something to restore from a stray imgui.ini.
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  // A steady caret: a blinking one would need a redraw every half second while idle.
  io.ConfigInputTextCursorBlink = false;
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  // In front of ImGui's, which they call: they note that input arrived.
  glfwSetKeyCallback(window_, key_callback);
  glfwSetMouseButtonCallback(window_, mouse_button_callback);
  glfwSetScrollCallback(window_, scroll_callback);
  glfwSetCharCallback(window_, char_callback);
  glfwSetCursorPosCallback(window_, cursor_pos_callback);
  ImGui_ImplOpenGL3_Init("#version 130");
}

GlWindow::~GlWindow() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool GlWindow::should_close() const {
  return glfwWindowShouldClose(window_) != 0;
}

bool GlWindow::wait(double timeout_s) {
  // Input seen by a zero-timeout poll counts too: a click that lands during the last
  // settle frame still needs frames of its own (press, release, a popup's hidden first
  // frame), or it would wait for the idle redraw.
  input_seen_ = false;
  if (timeout_s <= 0 || !input_.empty()) {
    glfwPollEvents();
    return input_seen_ || !input_.empty();
  }
  const auto start = std::chrono::steady_clock::now();
  glfwWaitEventsTimeout(timeout_s);
  const std::chrono::duration<double> waited = std::chrono::steady_clock::now() - start;
  return input_seen_ || waited.count() < timeout_s * 0.95;
}

GlWindow& GlWindow::of(GLFWwindow* window) {
  auto* self = static_cast<GlWindow*>(glfwGetWindowUserPointer(window));
  self->input_seen_ = true;
  return *self;
}

void GlWindow::mouse_button_callback(GLFWwindow* window, int button, int action, int mods) {
  of(window);
  ImGui_ImplGlfw_MouseButtonCallback(window, button, action, mods);
}

void GlWindow::scroll_callback(GLFWwindow* window, double dx, double dy) {
  of(window);
  ImGui_ImplGlfw_ScrollCallback(window, dx, dy);
}

void GlWindow::char_callback(GLFWwindow* window, unsigned int c) {
  of(window).input_.push({InputQueue::Event::kChar, 0, 0, 0, 0, c});
}

void GlWindow::cursor_pos_callback(GLFWwindow* window, double, double) {
  of(window);  // ImGui 1.86 reads the cursor position itself each frame
}

void GlWindow::key_callback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  of(window).input_.push({InputQueue::Event::kKey, key, scancode, action, mods, 0});
}

void GlWindow::begin_frame() {
  input_.new_frame();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void GlWindow::end_frame(float clear_r, float clear_g, float clear_b) {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(clear_r, clear_g, clear_b, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(window_);
}

void GlWindow::wake() {
  glfwPostEmptyEvent();
}

void GlWindow::set_title(const std::string& title) {
  if (title == title_) return;
  title_ = title;
  glfwSetWindowTitle(window_, title.c_str());
}

float GlWindow::content_scale() const {
  float x = 1, y = 1;
  glfwGetWindowContentScale(window_, &x, &y);
  return x > 0 ? x : 1.0f;
}

void GlWindow::position(int& x, int& y) const {
  glfwGetWindowPos(window_, &x, &y);
}

void GlWindow::drop_callback(GLFWwindow* window, int count, const char** paths) {
  GlWindow* self = &of(window);
  if (!self->on_drop_) return;
  std::vector<std::string> dropped(paths, paths + count);
  self->on_drop_(std::move(dropped));
}

}  // namespace souk::ui
