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

GlWindow::GlWindow(int width, int height, const std::string& title) : title_(title) {
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
  glfwSetKeyCallback(window_, key_callback);  // in front of ImGui's, which it calls
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
  if (timeout_s <= 0) {
    glfwPollEvents();
    return false;  // a settle frame, not a wake
  }
  const auto start = std::chrono::steady_clock::now();
  glfwWaitEventsTimeout(timeout_s);
  const std::chrono::duration<double> waited = std::chrono::steady_clock::now() - start;
  return waited.count() < timeout_s * 0.95;
}

void GlWindow::key_callback(GLFWwindow* window, int key, int scancode, int action, int mods) {
  auto* self = static_cast<GlWindow*>(glfwGetWindowUserPointer(window));
  auto& pressed = self->pressed_since_frame_;
  if (action == GLFW_PRESS) pressed.push_back(key);
  if (action == GLFW_RELEASE && std::find(pressed.begin(), pressed.end(), key) != pressed.end()) {
    self->releases_held_.push_back({key, scancode, mods});
    return;
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

void GlWindow::begin_frame() {
  for (const auto& e : releases_due_) {
    ImGui_ImplGlfw_KeyCallback(window_, e.key, e.scancode, GLFW_RELEASE, e.mods);
  }
  releases_due_ = std::move(releases_held_);
  releases_held_.clear();
  pressed_since_frame_.clear();
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
  auto* self = static_cast<GlWindow*>(glfwGetWindowUserPointer(window));
  if (self == nullptr || !self->on_drop_) return;
  std::vector<std::string> dropped(paths, paths + count);
  self->on_drop_(std::move(dropped));
}

}  // namespace souk::ui
