#include "client/ui/app.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <time.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"

namespace souk::ui {
namespace {

// SIGTERM/SIGINT end the frame loop so the client shuts down as if the window closed.
// The loop sees the flag within one idle timeout (nothing else is safe in a handler).
std::atomic<bool> g_stop{false};
void request_stop(int) {
  g_stop = true;
}

client::CoreOptions core_options(const AppOptions& o) {
  client::CoreOptions c;
  c.server = o.server;
  c.tls_ca_file = o.tls_ca_file;
  if (!o.profile_dir.empty()) {
    c.profile_dir = o.profile_dir;
    c.cache_dir = std::filesystem::path(o.profile_dir) / "cache";
  }
  c.device_name = "Souk desktop";
  c.wake = [] { GlWindow::wake(); };
  return c;
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

const char* phase_name(client::ConnectionState::Phase phase) {
  using Phase = client::ConnectionState::Phase;
  switch (phase) {
    case Phase::kStarting:
      return "starting";
    case Phase::kSignedOut:
      return "signed-out";
    case Phase::kSigningIn:
      return "signing-in";
    case Phase::kConnected:
      return "connected";
    case Phase::kReconnecting:
      return "reconnecting";
  }
  return "";
}

}  // namespace

App::App(const AppOptions& options)
    : options_(options),
      window_(options.width, options.height, "Souk"),
      core_(core_options(options)) {
  if (!options_.probe_file.empty()) probe::enable(options_.probe_file);
  const float scale = window_.content_scale();
  fonts_ = load_fonts(find_fonts(), 16.0f, scale);
  apply_theme(scale, false);
  login_.prefill(options_.server, options_.member_id);
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  if (!options_.bench_scroll_file.empty()) {
    bench_ = std::make_unique<ScrollBench>(options_.bench_scroll_file);
  }
  window_.on_drop([this](std::vector<std::string> paths) {
    dropped_.insert(dropped_.end(), paths.begin(), paths.end());
  });
  core_.start();
}

App::~App() = default;

int App::run() {
  while (!window_.should_close() && !g_stop) {
    if (window_.wait(pacer_.timeout())) pacer_.woke();
    const double cpu_start = thread_cpu_ms();
    if (core_.poll() > 0) pacer_.woke();
    if (bench_ && bench_->before_frame(core_.store(), core_.commands(), main_.chats())) {
      pacer_.redraw_within(0);
    }
    frame();
    if (bench_) bench_->after_frame(thread_cpu_ms() - cpu_start);
  }
  return 0;
}

std::string App::window_title() const {
  const auto& store = core_.store();
  if (!store.connection.signed_in()) return "Souk";
  const auto& me = store.me;
  std::string title = "Souk — " + (me.display_name.empty() ? me.member_id : me.display_name) +
                      " (" + me.member_id + ")";
  const int64_t unread = store.total_unread();
  if (unread > 0) title = "(" + std::to_string(unread) + ") " + title;
  return title;
}

void App::draw_login() {
  using Phase = client::ConnectionState::Phase;
  const auto& store = core_.store();
  const bool busy =
      store.connection.phase == Phase::kSigningIn || store.connection.phase == Phase::kStarting;
  if (busy) pacer_.redraw_within(1.0 / 30);  // the spinner turns
  // `--member` with SOUK_PASSWORD (the demo, scripts): sign in without typing.
  const char* password = std::getenv("SOUK_PASSWORD");
  if (store.connection.phase == Phase::kSignedOut && !auto_login_tried_ &&
      !options_.member_id.empty() && password != nullptr) {
    auto_login_tried_ = true;
    const std::string server = options_.server.empty() ? LoginForm{}.server : options_.server;
    core_.commands().login({server, options_.member_id, password, true});
  }
  const auto form = login_.draw(busy, store.errors.login);
  if (!form) return;
  client::LoginForm login{form->server, form->member_id, form->password, form->remember};
  if (!form->create_account) {
    core_.commands().login(login);
    return;
  }
  client::RegisterForm reg;
  reg.login = login;
  reg.display_name = form->display_name;
  reg.role = form->seller ? v1::ROLE_SELLER : v1::ROLE_BUYER;
  reg.shop_name = form->shop_name;
  core_.commands().register_account(reg);
}

void App::follow_deep_link() {
  if (deep_link_done_ || options_.chat_with.empty()) return;
  deep_link_done_ = true;
  std::optional<v1::MessageContext> context;
  if (!options_.product_url.empty() || !options_.product_title.empty()) {
    v1::MessageContext c;
    c.set_kind(v1::MessageContext::KIND_PRODUCT);
    c.set_id(options_.product_url.empty() ? options_.product_title : options_.product_url);
    c.set_url(options_.product_url);
    c.set_title(options_.product_title);
    context = c;
  }
  core_.commands().open_chat(options_.chat_with, context);
}

void App::attach_dropped() {
  if (dropped_.empty()) return;
  ChatView* front = main_.chats().front();
  if (front == nullptr || main_.chats().front_id().empty()) {
    core_.commands().report_error("Open a chat, then drop files on it to send them");
  } else {
    core_.transfers().send_files(main_.chats().front_id(), dropped_);
  }
  dropped_.clear();
}

void App::apply_text_scale() {
  const auto& settings = core_.store().settings;
  auto it = settings.find("appearance.text_scale");
  const float scale = it == settings.end() ? 1.0f : std::strtof(it->second.c_str(), nullptr);
  ImGui::GetIO().FontGlobalScale = scale > 0.5f && scale < 3.0f ? scale : 1.0f;
}

void App::frame() {
  const std::string title = window_title();
  window_.set_title(title);
  window_.begin_frame();
  const auto& store = core_.store();
  probe::value("connection", phase_name(store.connection.phase));
  probe::value("title", title);
  if (!store.connection.signed_in()) {
    probe::value("view", "login");
    draw_login();
  } else {
    probe::value("view", "main");
    follow_deep_link();
    attach_dropped();
    apply_text_scale();
    ViewContext ctx{store,
                    core_.commands(),
                    fonts_,
                    pacer_,
                    glfwGetWindowAttrib(window_.handle(), GLFW_FOCUSED) != 0,
                    &core_.transfers(),
                    &textures_};
    main_.draw(ctx);
  }
  const Rgb bg = palette::kWindow;
  window_.end_frame(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f);
  int x = 0, y = 0;
  window_.position(x, y);
  probe::end_frame(x, y);
}

}  // namespace souk::ui
