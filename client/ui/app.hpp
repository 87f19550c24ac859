#pragma once

#include <memory>

#include "client/ui/app_options.hpp"
#include "client/ui/fonts.hpp"
#include "client/ui/frame_pacer.hpp"
#include "client/ui/gl_window.hpp"
#include "client/ui/login_view.hpp"

namespace souk::ui {

// The desktop client: one window, the frame loop, and the views over the client core.
class App {
 public:
  explicit App(const AppOptions& options);
  ~App();
  int run();

 private:
  void frame();
  AppOptions options_;
  GlWindow window_;
  Fonts fonts_;
  FramePacer pacer_;
  LoginView login_;
};

}  // namespace souk::ui
