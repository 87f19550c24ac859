// client-frame: the souk window under Xvfb with a 100,000-message conversation. The client
// pages the whole history in, scrolls through it (jumps across all of it, then a mouse
// wheel's pace) and reports each frame's CPU time; then it is left alone and its idle
// CPU is read from /proc.
#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/scenarios.hpp"
#include "client/core/chat_client.hpp"
#include "tools/process/child_process.hpp"
#include "tools/process/temp_dir.hpp"
#include "tools/process/xvfb_process.hpp"

namespace souk::bench {
namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Both sides write, so the history alternates left and right bubbles.
void fill_conversation(const BenchUser& a, const BenchUser& b, const BenchOptions& o) {
  AsyncSender to_a(b, client::ChatClient::peer(a.member_id), o.bytes);
  AsyncSender to_b(a, client::ChatClient::peer(b.member_id), o.bytes);
  to_a.run_window(o.window, o.messages / 2);
  to_b.run_window(o.window, o.messages - o.messages / 2);
  while (to_a.completed() + to_a.failed() + to_b.completed() + to_b.failed() < o.messages) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (to_a.failed() + to_b.failed() > 0) throw std::runtime_error("some sends failed");
}

}  // namespace

nlohmann::json run_client_frame(const BenchOptions& o) {
  if (!test::XvfbProcess::installed()) throw std::runtime_error("client-frame needs Xvfb");
  auto users = make_users(o.address, "cf" + o.run_id + "-", 2);
  std::cerr << "filling a conversation with " << o.messages << " messages...\n";
  const auto fill_start = Clock::now();
  fill_conversation(users[0], users[1], o);
  std::cerr << "filled in " << seconds_since(fill_start) << " s\n";

  test::TempDir dir;
  test::XvfbProcess x(dir.path() / "x", 1280, 800);
  const auto frames_file = dir.path() / "frames.json";
  test::ChildProcess souk({o.souk, "--server", o.address, "--member", users[0].member_id,
                           "--profile", (dir.path() / "profile").string(), "--chat-with",
                           users[1].member_id, "--bench-scroll", frames_file.string()},
                          {{"DISPLAY", x.display()}, {"SOUK_PASSWORD", "bench password"}},
                          dir.path() / "souk.log");
  std::cerr << "souk is paging in the history and scrolling...\n";
  const auto start = Clock::now();
  while (!std::filesystem::exists(frames_file)) {
    if (!souk.running()) throw std::runtime_error("souk exited:\n" + souk.log());
    if (seconds_since(start) > 900) throw std::runtime_error("souk did not finish scrolling");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  nlohmann::json result = {{"scenario", "client-frame"}, {"messages", o.messages}};
  result["client"] = nlohmann::json::parse(std::ifstream(frames_file));

  std::cerr << "watching the idle client for " << o.idle_seconds << " s...\n";
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the last frames settle
  const auto before = process_usage(souk.pid());
  std::this_thread::sleep_for(std::chrono::duration<double>(o.idle_seconds));
  const auto after = process_usage(souk.pid());
  const double idle_cpu = after.cpu_seconds - before.cpu_seconds;
  result["idle"] = {{"seconds", o.idle_seconds},
                    {"cpu_seconds", idle_cpu},
                    {"cpu_percent_of_one_core", 100.0 * idle_cpu / o.idle_seconds},
                    {"rss_mib", after.rss_kib / 1024.0}};
  souk.stop(SIGTERM);
  return result;
}

}  // namespace souk::bench
