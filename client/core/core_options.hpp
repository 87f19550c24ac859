#pragma once

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
};

}  // namespace souk::client
