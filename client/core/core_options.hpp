#pragma once

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace souk::client {

struct CoreOptions {
  // Where the remembered session token lives. Empty: Profile::default_dir().
  std::filesystem::path profile_dir;
  // Where the per-account caches live. Empty: LocalCache::default_dir().
  std::filesystem::path cache_dir;
  // HOST:PORT that replaces the remembered session's server (e.g. `--server`).
  std::string server;
  std::string tls_ca_file;  // empty: plaintext
  std::string device_name = "Souk desktop";
  // Called from any thread after an update was queued (the window: glfwPostEmptyEvent).
  std::function<void()> wake;
  // Waits between reconnect attempts: first, then doubling up to max.
  std::chrono::milliseconds reconnect_min{1000};
  std::chrono::milliseconds reconnect_max{30000};

  // The wait before reconnect attempt `attempt` (0: the first after a drop).
  std::chrono::milliseconds reconnect_delay(int attempt) const {
    return std::min<std::chrono::milliseconds>(reconnect_min * (1 << std::min(attempt, 10)),
                                               reconnect_max);
  }
};

}  // namespace souk::client
