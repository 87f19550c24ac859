// soukd's configuration: a TOML file, and flags when the input starts with '-' (its first
// line, split at spaces). Any text gives a config or exit code 2 (0 for --help), never an
// exception; and a config that loads keeps every bound the settings declare.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "server/app/soukd_config.hpp"

namespace {

using souk::fuzz::check;

std::string config_path() {
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/souk-fuzz-config-" +
         std::to_string(::getpid()) + ".toml";
}

void check_bounds(const souk::app::SoukdConfig& c) {
  check(c.sqlite_synchronous == "FULL" || c.sqlite_synchronous == "NORMAL" ||
            c.sqlite_synchronous == "OFF",
        "sqlite_synchronous is FULL, NORMAL or OFF");
  check(c.translate_engine == "apertium" || c.translate_engine == "http", "a known engine");
  check(c.tls_cert.empty() == c.tls_key.empty(), "TLS certificate and key go together");
  check(c.reader_connections >= 1 && c.reader_wait_ms >= 1 && c.writer_queue_limit >= 1,
        "storage settings are positive");
  check(c.worker_threads >= 0 && c.keepalive_seconds >= 1 && c.stream_idle_seconds >= 1,
        "thread and time settings are in range");
  check(c.accounts.session_ttl_ms >= 1000 && c.accounts.hash_threads >= 1 &&
            c.accounts.max_auth_request_bytes >= 256,
        "account settings are in range");
  check(c.messaging.max_message_bytes >= 1 && c.messaging.max_page_bytes >= 4096,
        "messaging settings are in range");
  check(c.files.chunk_bytes >= 1024 && c.files.max_file_bytes >= 0 &&
            c.files.upload_sync_bytes >= 1 && c.files.upload_expiry_ms >= 1000,
        "file settings are in range");
  check(c.groups.max_group_members >= 2 && c.contacts.max_contact_groups >= 1,
        "group settings are in range");
  check(c.translate_threads >= 1 && c.translate_chunk_bytes >= 256, "translation settings");
  (void)souk::app::check_listen_policy(c);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Refusals are printed; thousands a second would drown the fuzzer's own report.
  std::cout.rdbuf(nullptr);
  std::cerr.rdbuf(nullptr);
  ::unsetenv("SOUK_CONFIG");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args{"soukd"};
  if (!text.empty() && text.front() == '-') {
    const auto eol = text.find('\n');
    std::istringstream flags(text.substr(0, eol));
    for (std::string arg; flags >> arg;) args.push_back(arg);
    text = eol == std::string::npos ? "" : text.substr(eol + 1);
  }
  const std::string path = config_path();
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << text; }
  args.push_back("--config");
  args.push_back(path);
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());

  const auto outcome = souk::app::load_soukd_config(static_cast<int>(argv.size()), argv.data());
  if (outcome.config) {
    check(outcome.exit_code == 0, "a config comes with exit code 0");
    check_bounds(*outcome.config);
  } else {
    check(outcome.exit_code == 0 || outcome.exit_code == 2, "refusals exit with 2, help with 0");
  }
  ::unlink(path.c_str());
  return 0;
}
