#pragma once

#include <memory>

#include "client/core/core.hpp"

#include "client/ui/app_options.hpp"
#include "client/ui/fonts.hpp"
#include "client/ui/frame_pacer.hpp"
#include "client/ui/gl_window.hpp"
#include "client/ui/login_view.hpp"
#include "client/ui/main_view.hpp"
#include "client/ui/picture_textures.hpp"
#include "client/ui/scroll_bench.hpp"

namespace souk::ui {

// The desktop client: one window, the frame loop, and the views over the client core.
class App {
 public:
  explicit App(const AppOptions& options);
  ~App();
  int run();

 private:
  void frame();
  void draw_login();
  // After sign-in, once: the deep link's chat (with its product card).
  void follow_deep_link();
  std::string window_title() const;
  // Files dropped on the window go to the chat in front.
  void attach_dropped();
  void apply_text_scale();

  AppOptions options_;
  GlWindow window_;
  Fonts fonts_;
  FramePacer pacer_;
  client::Core core_;
  LoginView login_;
  MainView main_;
  PictureTextures textures_;
  std::vector<std::string> dropped_;
  bool auto_login_tried_ = false;
  bool deep_link_done_ = false;
  std::unique_ptr<ScrollBench> bench_;
};

}  // namespace souk::ui
