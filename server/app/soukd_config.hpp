#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/status.hpp"
#include "server/domain/accounts.hpp"
#include "server/domain/contacts.hpp"
#include "server/domain/files.hpp"
#include "server/domain/groups.hpp"
#include "server/domain/messaging.hpp"
#include "server/domain/presence.hpp"
#include "server/domain/rate_limiter.hpp"
#include "server/domain/translations.hpp"
#include "server/translate/apertium_engine.hpp"
#include "server/translate/http_engine.hpp"

namespace souk::app {

struct SoukdConfig {
  std::string listen = "127.0.0.1:50051";
  std::filesystem::path data_dir = "var";
  std::string tls_cert;
  std::string tls_key;
  bool allow_insecure = false;
  std::string log_level = "info";
  std::string sqlite_synchronous = "FULL";
  int reader_connections = 4;
  int reader_wait_ms = 2000;        // a token check waits no longer for a reader
  int writer_queue_limit = 10'000;  // writes waiting for the writer at once
  int worker_threads = 0;           // 0: one per core
  domain::AccountSettings accounts;
  domain::MessagingSettings messaging;
  domain::PresenceSettings presence;
  domain::ContactSettings contacts;
  domain::GroupSettings groups;
  domain::FileSettings files;
  domain::StreamSettings streams;
  int keepalive_seconds = 10;
  domain::CallRateSettings rates;
  int stream_idle_seconds = 60;                // a stream that never starts is ended after this
  int64_t grpc_memory_bytes = 1LL << 30;       // gRPC's buffers for all connections and calls
  int64_t grpc_stream_window_bytes = 4 << 20;  // what a client may send ahead on one stream
  int grpc_max_threads = 64;                   // threads gRPC may start for synchronous services
  int max_streams_per_connection = 1000;       // calls open at once on one HTTP/2 connection
  int event_retention_days = 0;                // 0: keep the event log forever
  int message_retention_days = 0;              // 0: keep messages forever
  std::string translate_engine = "apertium";   // or "http"
  translate::ApertiumOptions apertium;
  translate::HttpEngineOptions translate_http;
  int translate_threads = 2;
  int translate_chunk_bytes = 8192;
  domain::TranslationOptions translation;

  bool tls() const { return !tls_cert.empty(); }
};

// Reads defaults < TOML file < SOUK_* environment < flags. On --help or bad input it prints
// and returns the exit code instead.
struct ConfigOutcome {
  std::optional<SoukdConfig> config;
  int exit_code = 0;
};
ConfigOutcome load_soukd_config(int argc, const char* const* argv);

// The listening address's host part names a loopback interface.
bool is_loopback_host(const std::string& listen);
Status check_listen_policy(const SoukdConfig& config);

}  // namespace souk::app
