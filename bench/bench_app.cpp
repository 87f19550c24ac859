#include "bench/bench_app.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

#include "bench/scenarios.hpp"
#include "tools/process/soukd_process.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk::bench {

namespace {

// Binaries built beside this one: build/<mode>/bench/souk-bench -> build/<mode>/<path>.
std::filesystem::path sibling(const std::filesystem::path& path) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return self.parent_path().parent_path() / path;
}

std::string random_run_id() {
  std::mt19937 rng(std::random_device{}());
  return std::to_string(rng() % 100000);
}

}  // namespace

int run_bench(int argc, const char* const* argv) {
  CLI::App app("Souk load and speed figures", "souk-bench");
  BenchOptions o;
  std::string scenario, server, soukd = sibling("server/soukd").string(), sync = "FULL";
  app.add_option("SCENARIO", scenario,
                 "throughput, latency, offline-drain, presence-fanout, idle-streams, login-storm, "
                 "group-fanout, client-frame, fanout-big, translate, file-transfer, abuse or soak "
                 "(login-flood is the flood abuse starts in a process of its own)")
      ->required()
      ->check(CLI::IsMember({"throughput", "latency", "offline-drain", "presence-fanout",
                             "idle-streams", "login-storm", "group-fanout", "client-frame",
                             "fanout-big", "translate", "file-transfer", "abuse", "login-flood",
                             "soak"}));
  app.add_option("--server", server, "use this soukd instead of starting one");
  app.add_option("--soukd", soukd, "soukd binary to start (default: the one built beside this)");
  app.add_option("--sync", sync, "sqlite_synchronous for the soukd started here")
      ->check(CLI::IsMember({"FULL", "NORMAL", "OFF"}));
  app.add_option("--pairs", o.pairs, "sender/receiver pairs online");
  app.add_option("--seconds", o.seconds, "measured time");
  app.add_option("--warmup", o.warmup_seconds, "time before measuring");
  app.add_option("--window", o.window, "sends in flight per sender");
  app.add_option("--rate", o.rate, "latency: messages offered per second");
  app.add_option("--messages", o.messages, "offline-drain: messages queued");
  app.add_option("--senders", o.senders,
                 "offline-drain: members who queue them; file-transfer: uploads at once");
  app.add_option("--bytes", o.bytes, "message text size");
  app.add_option("--watchers", o.watchers,
                 "presence-fanout: online contacts; idle-streams: streams");
  app.add_option("--connections", o.connections, "TCP connections the streams share (0: one each)");
  app.add_option("--contacts", o.contacts_each, "login-storm: online contacts of each member");
  app.add_option("--groups", o.groups, "group-fanout: group chats");
  app.add_option("--group-size", o.group_size, "group-fanout: members in each group")
      ->check(CLI::Range(2, 100000));
  app.add_option("--group-window", o.group_window, "group-fanout: sends in flight per member");
  o.souk = sibling("client/ui/souk").string();
  app.add_option("--souk", o.souk, "client-frame: the souk binary (default: the one built beside)");
  app.add_option("--idle-seconds", o.idle_seconds, "client-frame: idle time watched");
  app.add_option("--texts", o.texts, "translate: texts through the persistent pipeline");
  app.add_option("--spawns", o.spawns, "translate: texts through one apertium process each");
  int64_t file_mib = o.file_bytes >> 20;
  app.add_option("--file-mib", file_mib, "file-transfer: MiB sent each way");
  app.add_option("--big-mib", o.big_message_mib, "fanout-big: size of the one message, MiB")
      ->check(CLI::Range(1, 1024));
  app.add_option("--streams", o.streams, "fanout-big: devices of the receiver online");
  app.add_option("--flooders", o.flooders, "abuse: strangers flooding Login");
  app.add_option("--member-ids", o.member_ids, "login-flood: real member IDs to guess at")
      ->delimiter(',');
  app.add_option("--minutes", o.soak_minutes, "soak: minutes of load")->check(CLI::Range(1, 10000));
  app.add_option("--clients", o.soak_clients, "soak: members online")->check(CLI::Range(3, 10000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  o.run_id = random_run_id();
  if (scenario == "abuse") {
    // 20 pairs at 2,000 messages a second unless told otherwise.
    if (app.count("--pairs") == 0) o.pairs = 20;
    if (app.count("--rate") == 0) o.rate = 2000;
  }
  o.file_bytes = file_mib << 20;

  std::unique_ptr<test::TempDir> dir;
  std::unique_ptr<test::SoukdProcess> own;
  try {
    if (scenario == "login-flood" && server.empty()) {
      throw std::runtime_error("login-flood needs --server");
    }
    if (server.empty()) {
      dir = std::make_unique<test::TempDir>();
      // Thousands of bench accounts: the interactive Argon2 cost would make setting up
      // take longer than measuring. Weak hashes, on loopback only, in a throwaway dir;
      // except under the login flood, whose cost is the interactive hashing itself (its
      // 40 members register in seconds). All of them register from one loopback address.
      const std::string hash_cost = scenario == "abuse" ? "interactive" : "minimal";
      std::vector<std::string> args = {"--sqlite-synchronous",
                                       sync,
                                       "--log-level",
                                       "warn",
                                       "--password-hash-cost",
                                       hash_cost,
                                       "--register-max-per-address",
                                       "1000000",
                                       "--max-streams-per-address",
                                       "1000000"};
      // The scenarios send as fast as soukd takes it, thousands of messages a second per
      // member, and one owner creates every group: the per-member rates would measure
      // themselves instead of soukd. One connection may carry many members' streams too.
      for (const std::string call : {"send", "typing", "search", "contact", "group"}) {
        args.insert(args.end(), {"--" + call + "-rate-per-second", "1000000",
                                 "--" + call + "-burst", "1000000"});
      }
      args.insert(args.end(), {"--max-streams-per-connection", "1000000"});
      if (scenario == "abuse") {
        // Every guess reaches the hashing pool, the costlier case, rather than most being
        // refused for their address.
        args.insert(args.end(), {"--login-address-max-failures", "1000000"});
      }
      own = std::make_unique<test::SoukdProcess>(soukd, dir->path() / "data", args);
      o.address = own->address();
      o.soukd_pid = own->pid();
      o.soukd_data = dir->path() / "data";
      std::cerr << "soukd " << soukd << " on " << o.address << " (synchronous=" << sync << ")\n";
    } else {
      o.address = server;
    }
    nlohmann::json result;
    if (scenario == "throughput") result = run_throughput(o);
    if (scenario == "latency") result = run_latency(o);
    if (scenario == "offline-drain") result = run_offline_drain(o);
    if (scenario == "presence-fanout") result = run_presence_fanout(o);
    if (scenario == "login-storm") result = run_login_storm(o);
    if (scenario == "group-fanout") result = run_group_fanout(o);
    if (scenario == "client-frame") result = run_client_frame(o);
    if (scenario == "translate") result = run_translate(o);
    if (scenario == "file-transfer") result = run_file_transfer(o);
    if (scenario == "fanout-big") result = run_fanout_big(o);
    if (scenario == "abuse") result = run_abuse(o);
    if (scenario == "login-flood") result = run_login_flood(o);
    if (scenario == "soak") result = run_soak(o);
    if (scenario == "idle-streams") {
      if (o.soukd_pid == 0) throw std::runtime_error("idle-streams measures its own soukd");
      result = run_idle_streams(o);
    }
    if (own) result["synchronous"] = sync;
    // Why it died, for whoever reads the result.
    if (own && result.value("soukd_exited", false)) result["soukd_log"] = own->log();
    result["cores"] = std::thread::hardware_concurrency();
    std::cout << result.dump() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "souk-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace souk::bench
