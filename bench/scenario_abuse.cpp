// abuse: strangers flood Login with wrong passwords and random member IDs while members
// chat at a steady rate. How much slower does chat get, and how much memory does soukd
// take? Same run, same members: a quiet spell first, then the same spell under the flood.
// The strangers run in a process of their own at the lowest CPU priority: on a machine
// that also runs the chatters and soukd, their own work would otherwise be measured as
// soukd's (an attacker's CPU is not the server's).
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/live_stream.hpp"
#include "bench/scenarios.hpp"
#include "client/core/auth_client.hpp"
#include "client/core/chat_client.hpp"
#include "tools/process/child_process.hpp"

namespace souk::bench {

namespace {

void sleep_seconds(double s) {
  std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(s * 1e6)));
}

// What the flood's calls came back with.
struct FloodTally {
  std::atomic<int64_t> wrong{0};      // checked and refused: UNAUTHENTICATED
  std::atomic<int64_t> busy{0};       // RESOURCE_EXHAUSTED from the full hashing pool
  std::atomic<int64_t> throttled{0};  // RESOURCE_EXHAUSTED from the login throttle
  std::atomic<int64_t> other{0};
  nlohmann::json json(double seconds) const {
    const int64_t total = wrong + busy + throttled + other;
    return {{"calls", total},
            {"calls_per_second", static_cast<double>(total) / seconds},
            {"checked_wrong", wrong.load()},
            {"refused_busy", busy.load()},
            {"refused_throttled", throttled.load()},
            {"other", other.load()}};
  }
};

// One stranger: its own connection, logging in back to back until told to stop. Every
// other guess is at a random ID (refused without a hash), the rest at a member's real ID
// with a wrong password (hashed, until the throttle refuses that ID from this address).
void flood(const std::string& address, const std::vector<std::string>& members, int seed,
           const std::atomic<bool>& running, FloodTally& tally) {
  client::AuthClient auth(own_connection(address));
  std::mt19937 rng(static_cast<unsigned>(seed));
  for (int64_t i = 0; running; ++i) {
    v1::LoginRequest login;
    if (i % 2 == 0) {
      login.set_member_id("x" + std::to_string(rng()));
    } else {
      login.set_member_id(members[rng() % members.size()]);
    }
    login.set_password("not the password " + std::to_string(i));
    login.set_device_name("flood");
    auto r = auth.login(login);
    const auto code = r.status().code();
    if (code == Code::kUnauthenticated) {
      ++tally.wrong;
    } else if (code == Code::kResourceExhausted) {
      const bool pool = r.status().message().find("too many passwords") != std::string::npos;
      ++(pool ? tally.busy : tally.throttled);
    } else {
      ++tally.other;
    }
  }
}

nlohmann::json latency_json(Histogram& h) {
  return {{"samples", h.count()},
          {"p50_ms", h.percentile(50) / 1000.0},
          {"p99_ms", h.percentile(99) / 1000.0},
          {"max_ms", h.max() / 1000.0}};
}

}  // namespace

nlohmann::json run_abuse(const BenchOptions& o) {
  std::cerr << "creating " << 2 * o.pairs << " users...\n";
  const auto senders = make_users(o.address, "as" + o.run_id + "-", o.pairs);
  const auto receivers = make_users(o.address, "ar" + o.run_id + "-", o.pairs);
  std::vector<std::unique_ptr<Receiver>> streams;
  std::vector<std::unique_ptr<AsyncSender>> outboxes;
  for (int i = 0; i < o.pairs; ++i) {
    streams.push_back(std::make_unique<Receiver>(receivers[i]));
    outboxes.push_back(std::make_unique<AsyncSender>(
        senders[i], client::ChatClient::peer(receivers[i].member_id), o.bytes));
  }
  sleep_seconds(0.5);  // every stream past its (empty) replay
  const auto record = [&](bool on) {
    for (auto& r : streams) r->set_recording(on);
  };
  const auto take = [&] {
    Histogram h;
    for (auto& r : streams) h.merge(r->take_histogram());
    return h;
  };

  std::cerr << o.pairs << " pairs chatting at " << o.rate << " messages/s...\n";
  std::atomic<bool> chatting{true};
  std::thread pacer([&] {
    const auto start = Clock::now();
    size_t next = 0;
    int64_t issued = 0;
    while (chatting) {
      const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      for (const auto due = static_cast<int64_t>(elapsed * o.rate); issued < due; ++issued) {
        outboxes[next++ % outboxes.size()]->send();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  sleep_seconds(o.warmup_seconds);
  const auto quiet_start = o.soukd_pid ? process_usage(o.soukd_pid) : ProcessUsage{};
  const auto quiet_clock = Clock::now();
  record(true);
  sleep_seconds(o.seconds);
  record(false);
  const double quiet_seconds = std::chrono::duration<double>(Clock::now() - quiet_clock).count();
  auto quiet = take();
  const auto quiet_usage = o.soukd_pid ? process_usage(o.soukd_pid) : ProcessUsage{};

  std::cerr << o.flooders << " strangers flooding Login, in their own process...\n";
  std::vector<std::string> argv = {"nice",
                                   "-n",
                                   "19",
                                   std::filesystem::read_symlink("/proc/self/exe").string(),
                                   "login-flood",
                                   "--server",
                                   o.address,
                                   "--flooders",
                                   std::to_string(o.flooders),
                                   "--member-ids"};
  std::string ids;
  for (const auto* side : {&senders, &receivers}) {
    for (const auto& u : *side) {
      if (!ids.empty()) ids += ',';
      ids += u.member_id;
    }
  }
  argv.push_back(ids);
  const auto flood_log = std::filesystem::temp_directory_path() / ("souk-flood-" + o.run_id);
  auto strangers =
      std::make_unique<test::ChildProcess>(argv, std::map<std::string, std::string>{}, flood_log);
  sleep_seconds(o.warmup_seconds);
  const auto flood_start = Clock::now();
  const auto flood_start_usage = o.soukd_pid ? process_usage(o.soukd_pid) : ProcessUsage{};
  record(true);
  sleep_seconds(o.seconds);
  record(false);
  const double flood_seconds = std::chrono::duration<double>(Clock::now() - flood_start).count();
  auto loud = take();
  const auto flood_usage = o.soukd_pid ? process_usage(o.soukd_pid) : ProcessUsage{};
  const int flood_exit = strangers->stop(SIGTERM);
  nlohmann::json flood_json;
  {
    std::ifstream log(flood_log);
    for (std::string line; std::getline(log, line);) {
      if (!line.empty() && line.front() == '{') flood_json = nlohmann::json::parse(line);
    }
  }
  std::filesystem::remove(flood_log);
  chatting = false;
  pacer.join();
  for (auto& s : outboxes) s->stop();
  // Sends still in flight call back into their sender: wait for them before it goes.
  for (int i = 0; i < 1000; ++i) {
    int64_t pending = 0;
    for (auto& s : outboxes) pending += s->in_flight();
    if (pending == 0) break;
    sleep_seconds(0.01);
  }
  if (flood_exit != 0 || flood_json.is_null()) {
    throw std::runtime_error("the login flood ended with " + std::to_string(flood_exit) +
                             " and no figures");
  }

  const double quiet_p99 = quiet.percentile(99) / 1000.0;
  const double loud_p99 = loud.percentile(99) / 1000.0;
  const double ratio = quiet_p99 > 0 ? loud_p99 / quiet_p99 : 0;
  nlohmann::json result = {{"scenario", "abuse"},          {"pairs", o.pairs},
                           {"offered_per_second", o.rate}, {"flooders", o.flooders},
                           {"quiet", latency_json(quiet)}, {"flooded", latency_json(loud)},
                           {"p99_ratio", ratio},           {"flood", flood_json["flood"]},
                           {"goal_p99_ratio_at_most", 2.0}};
  if (o.soukd_pid != 0) {
    const double peak_mib = flood_usage.peak_rss_kib / 1024.0;
    result["server"] = {
        {"peak_rss_mib", peak_mib},
        {"rss_mib_quiet", quiet_usage.rss_kib / 1024.0},
        {"rss_mib_flooded", flood_usage.rss_kib / 1024.0},
        {"cpu_cores_quiet", (quiet_usage.cpu_seconds - quiet_start.cpu_seconds) / quiet_seconds},
        {"cpu_cores_flooded",
         (flood_usage.cpu_seconds - flood_start_usage.cpu_seconds) / flood_seconds}};
    result["goal_peak_rss_mib_below"] = 512;
    result["goals_met"] = ratio <= 2.0 && peak_mib < 512;
  }
  return result;
}

nlohmann::json run_login_flood(const BenchOptions& o) {
  // SIGTERM ends the flood: blocked here, so every thread started below inherits the block
  // and only the wait at the end takes it.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  if (o.member_ids.empty()) throw std::runtime_error("login-flood needs --member-ids");
  std::atomic<bool> flooding{true};
  FloodTally tally;
  const auto start = Clock::now();
  std::vector<std::thread> strangers;
  for (int i = 0; i < o.flooders; ++i) {
    strangers.emplace_back([&, i] { flood(o.address, o.member_ids, i + 1, flooding, tally); });
  }
  int signal = 0;
  sigwait(&stop, &signal);
  flooding = false;
  for (auto& t : strangers) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return {{"scenario", "login-flood"}, {"flood", tally.json(seconds)}};
}

}  // namespace souk::bench
