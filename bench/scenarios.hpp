#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace souk::bench {

struct BenchOptions {
  std::string address;
  int soukd_pid = 0;                 // 0 when the server is not ours to watch
  std::filesystem::path soukd_data;  // that soukd's data directory (empty when not ours)
  int pairs = 50;
  double seconds = 10;
  double warmup_seconds = 2;
  int window = 8;
  int rate = 5000;
  int64_t messages = 100'000;
  int senders = 10;
  size_t bytes = 100;
  int watchers = 5000;             // presence-fanout: contacts online; idle-streams: streams held
  int connections = 50;            // TCP connections those streams share (0: one each)
  int contacts_each = 50;          // login-storm: online contacts of each member logging in
  int groups = 100;                // group-fanout: group chats
  int group_size = 50;             // group-fanout: members in each
  int group_window = 1;            // group-fanout: sends in flight per member
  int texts = 400;                 // translate: texts through the persistent pipeline
  int spawns = 20;                 // translate: texts through one apertium process each
  int64_t file_bytes = 1LL << 30;  // file-transfer: size of the file sent each way
  std::string run_id;              // keeps member IDs apart when a server is reused
  std::string souk;                // client-frame: the desktop client binary
  double idle_seconds = 30;        // client-frame: how long the idle window is watched
  int big_message_mib = 32;        // fanout-big: size of the one message
  int streams = 16;                // fanout-big: devices of the receiver online
  int flooders = 50;               // abuse: strangers flooding Login
  std::vector<std::string> member_ids;  // login-flood: real member IDs to guess at
  double soak_minutes = 30;             // soak: how long the load runs
  int soak_clients = 20;                // soak: members online, coming and going
};

// Each prints progress to stderr and returns its figures.
nlohmann::json run_throughput(const BenchOptions& options);
nlohmann::json run_latency(const BenchOptions& options);
nlohmann::json run_offline_drain(const BenchOptions& options);
nlohmann::json run_presence_fanout(const BenchOptions& options);
nlohmann::json run_idle_streams(const BenchOptions& options);
nlohmann::json run_login_storm(const BenchOptions& options);
nlohmann::json run_group_fanout(const BenchOptions& options);
nlohmann::json run_client_frame(const BenchOptions& options);
nlohmann::json run_translate(const BenchOptions& options);
nlohmann::json run_file_transfer(const BenchOptions& options);
nlohmann::json run_fanout_big(const BenchOptions& options);
nlohmann::json run_abuse(const BenchOptions& options);
// Mixed load with reconnects for minutes; soukd's RSS, fds and threads every minute.
nlohmann::json run_soak(const BenchOptions& options);
// The flood of `abuse`, in a process of its own: logs in until SIGTERM.
nlohmann::json run_login_flood(const BenchOptions& options);

}  // namespace souk::bench
