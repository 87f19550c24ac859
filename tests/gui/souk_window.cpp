#include "gui/souk_window.hpp"

#include <signal.h>

#include <fstream>
#include <stdexcept>
#include <thread>

namespace souk::test {

SoukWindow::SoukWindow(XDisplay& display, const std::filesystem::path& dir,
                       std::vector<std::string> args,
                       const std::map<std::string, std::string>& extra_env)
    : display_(display), probe_file_(dir / "probe.json") {
  std::filesystem::create_directories(dir / "home");
  args.insert(args.begin(), SOUK_PATH);
  std::map<std::string, std::string> env = {
      {"DISPLAY", display.name()},
      {"SOUK_UI_PROBE", probe_file_.string()},
      // Caches, remembered sessions and settings stay inside the test's directory.
      {"HOME", (dir / "home").string()},
      {"XDG_DATA_HOME", (dir / "home" / ".local" / "share").string()},
      {"XDG_CONFIG_HOME", (dir / "home" / ".config").string()},
      // Mesa and GLX keep allocations alive until exit by design; see lsan.supp.
      {"LSAN_OPTIONS", "suppressions=" SOUK_GUI_LSAN_SUPP ":print_suppressions=0"},
      // Besides those, threads Mesa never joins leave libstdc++'s unsymbolised thread-local
      // blocks behind, which no suppression can name; the window's leak check stays off,
      // while memory errors still abort it and its clean exit is still asserted.
      {"ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1"},
  };
  env.insert(extra_env.begin(), extra_env.end());
  process_ = std::make_unique<ChildProcess>(args, env, dir / "souk.log");
}

SoukWindow::~SoukWindow() = default;

nlohmann::json SoukWindow::probe() const {
  std::ifstream in(probe_file_);
  if (!in) return nlohmann::json::object();
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    return nlohmann::json::object();
  }
}

std::optional<ScreenRect> SoukWindow::item(const std::string& name) const {
  const auto p = probe();
  if (!p.contains("items") || !p["items"].contains(name)) return std::nullopt;
  const auto& r = p["items"][name];
  const int wx = p["window"][0], wy = p["window"][1];
  return ScreenRect{
      wx + static_cast<int>(r[0].get<double>()), wy + static_cast<int>(r[1].get<double>()),
      wx + static_cast<int>(r[2].get<double>()), wy + static_cast<int>(r[3].get<double>())};
}

std::string SoukWindow::value(const std::string& name) const {
  const auto p = probe();
  if (!p.contains("values") || !p["values"].contains(name)) return "";
  return p["values"][name].get<std::string>();
}

bool SoukWindow::wait_until(const std::function<bool(const nlohmann::json&)>& done,
                            std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done(probe())) return true;
    if (!process_->running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

bool SoukWindow::wait_for_item(const std::string& name, std::chrono::milliseconds timeout) const {
  return wait_until(
      [&](const nlohmann::json& p) { return p.contains("items") && p["items"].contains(name); },
      timeout);
}

bool SoukWindow::wait_for_value(const std::string& name, const std::string& expected,
                                std::chrono::milliseconds timeout) const {
  return wait_until(
      [&](const nlohmann::json& p) {
        return p.contains("values") && p["values"].contains(name) && p["values"][name] == expected;
      },
      timeout);
}

void SoukWindow::click(const std::string& item_name, int button) {
  if (!wait_for_item(item_name)) throw std::runtime_error("no widget named " + item_name);
  const auto r = *item(item_name);
  display_.click(r.cx(), r.cy(), button);
}

namespace {

int64_t releases(const nlohmann::json& probe) {
  return probe.contains("releases") ? probe["releases"].get<int64_t>() : 0;
}

nlohmann::json values(const nlohmann::json& probe) {
  return probe.contains("values") ? probe["values"] : nlohmann::json::object();
}

}  // namespace

bool SoukWindow::click_until(const std::string& item_name,
                             const std::function<bool(const nlohmann::json&)>& done) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (done(probe())) return true;
    // A dialog's first frame is laid out hidden: give the button a moment to show.
    if (!wait_for_item(item_name, std::chrono::seconds(2))) {
      return wait_until(done, std::chrono::seconds(2));
    }
    const auto before = probe();
    if (done(before)) return true;  // a toggle is never clicked once it shows what was asked
    click(item_name);
    // Until a frame has taken the click in, another click could only add to it.
    if (!wait_until([&](const nlohmann::json& p) { return releases(p) > releases(before); })) {
      return false;
    }
    if (wait_until(done, std::chrono::seconds(3))) return true;
    // Taken in, and what it asked for has not shown yet. Only a click that missed leaves
    // the window's values as they were; one that changed them (a checkbox ticked, a dialog
    // opened) is waited out, never repeated.
    if (values(probe()) != values(before)) return wait_until(done);
  }
  return false;
}

void SoukWindow::type_into(const std::string& item_name, const std::string& text) {
  click(item_name);
  display_.type(text);
}

int SoukWindow::close() {
  return process_->stop(SIGTERM);
}

}  // namespace souk::test
