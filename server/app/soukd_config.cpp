#include "server/app/soukd_config.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <iostream>

#include "common/layered_config.hpp"

namespace souk::app {

namespace {

void declare_settings(LayeredConfig& c) {
  const SoukdConfig d;
  c.add({"listen", d.listen, "HOST:PORT to serve on; port 0 picks a free port"});
  c.add({"data_dir", d.data_dir.string(), "directory for the SQLite database and files"});
  c.add({"tls_cert", "", "PEM certificate chain; turns on TLS"});
  c.add({"tls_key", "", "PEM private key for --tls-cert"});
  c.add({"allow_insecure", "false", "allow a non-loopback address without TLS", true});
  c.add({"log_level", d.log_level, "trace, debug, info, warn, error, critical or off"});
  c.add({"sqlite_synchronous", d.sqlite_synchronous,
         "SQLite synchronous mode: FULL (survives power loss), NORMAL or OFF"});
  c.add(
      {"reader_connections", std::to_string(d.reader_connections), "SQLite connections for reads"});
  c.add({"reader_wait_ms", std::to_string(d.reader_wait_ms),
         "longest a token check waits for a free reader before answering that the server is busy"});
  c.add({"writer_queue_limit", std::to_string(d.writer_queue_limit),
         "writes that may wait for the writer at once; more are refused as busy"});
  c.add({"session_cache_entries", std::to_string(d.accounts.session_cache_entries),
         "sessions remembered after a token check, so most calls skip SQLite; 0 turns it off"});
  c.add({"session_cache_seconds", std::to_string(d.accounts.session_cache_ttl_ms / 1000),
         "how long a remembered session is trusted before it is read again"});
  c.add({"worker_threads", std::to_string(d.worker_threads),
         "threads for domain work and delivery; 0 means one per core"});
  c.add({"session_ttl_seconds", std::to_string(d.accounts.session_ttl_ms / 1000),
         "lifetime of a session token"});
  c.add({"login_max_failures", std::to_string(d.accounts.login_max_failures),
         "failed logins per member ID before further attempts are refused"});
  c.add({"login_failure_window_seconds", std::to_string(d.accounts.login_failure_window_ms / 1000),
         "window in which failed logins are counted"});
  c.add({"login_address_max_failures", std::to_string(d.accounts.login_address_max_failures),
         "failed logins from one address, any member IDs, before it is refused"});
  c.add({"login_max_delay_seconds", std::to_string(d.accounts.login_max_delay_ms / 1000),
         "longest wait before checking a login to an account that many addresses failed"});
  c.add({"login_max_waiting", std::to_string(d.accounts.login_max_waiting),
         "logins waiting out such a delay at once, across soukd"});
  c.add({"login_failure_delay_ms", std::to_string(d.accounts.login_failure_delay_ms),
         "how late a failed or refused login is answered (0: at once)"});
  c.add({"login_throttle_max_entries", std::to_string(d.accounts.login_throttle_max_entries),
         "member IDs, addresses and pairs the login and register throttles remember, each"});
  c.add({"register_max_per_address", std::to_string(d.accounts.register_max_per_address),
         "new accounts one address may register per register_window_seconds"});
  c.add({"register_window_seconds", std::to_string(d.accounts.register_window_ms / 1000),
         "window in which registrations per address are counted"});
  c.add({"password_hash_threads", std::to_string(d.accounts.hash_threads),
         "threads that hash and check passwords (Argon2id, 64 MiB each at work)"});
  c.add({"password_hash_queue", std::to_string(d.accounts.hash_queue),
         "password checks waiting for those threads; beyond, RESOURCE_EXHAUSTED"});
  c.add({"max_auth_request_bytes", std::to_string(d.accounts.max_auth_request_bytes),
         "largest Register or Login request accepted, in bytes"});
  c.add({"max_message_bytes", std::to_string(d.messaging.max_message_bytes),
         "largest message text accepted, in bytes"});
  c.add({"max_page_bytes", std::to_string(d.messaging.max_page_bytes),
         "message text per history page, conversation list or replay batch; one larger "
         "message still goes alone"});
  c.add({"max_streams_per_user", std::to_string(d.streams.max_streams_per_user),
         "event streams (Subscribe) one member may have open at once"});
  c.add({"max_streams_per_address", std::to_string(d.streams.max_streams_per_address),
         "event streams (Subscribe) one address may have open at once"});
  c.add({"stream_queue_bytes", std::to_string(d.streams.max_queued_bytes),
         "text of live events waiting for one slow device; past it the device reads from "
         "the log instead"});
  c.add({"stream_queue_events", std::to_string(d.streams.max_queued_events),
         "live events waiting for one slow device; past it the device reads from the log"});
  c.add({"event_retention_days", std::to_string(d.event_retention_days),
         "days each user's event log is kept; 0 keeps it forever"});
  c.add({"message_retention_days", std::to_string(d.message_retention_days),
         "days messages are kept; 0 keeps them forever"});
  c.add({"presence_grace_seconds", std::to_string(d.presence.grace_ms / 1000),
         "how long a member whose last stream dropped still shows online"});
  c.add({"idle_away_seconds", std::to_string(d.presence.idle_ms / 1000),
         "inactivity after which online shows as away"});
  c.add({"presence_tracked_limit", std::to_string(d.presence.tracked_limit),
         "members whose presence is followed at once; more show offline"});
  c.add({"max_contact_groups", std::to_string(d.contacts.max_contact_groups),
         "contact groups one member may have"});
  c.add({"max_group_members", std::to_string(d.groups.max_group_members),
         "members one group chat may have, its owner included"});
  c.add({"max_file_bytes", std::to_string(d.files.max_file_bytes),
         "largest file accepted, in bytes"});
  c.add({"storage_quota_bytes", std::to_string(d.files.storage_quota_bytes),
         "bytes of files (and unfinished uploads) each member may store"});
  c.add({"file_chunk_bytes", std::to_string(d.files.chunk_bytes),
         "bytes per download frame, and the largest upload chunk accepted"});
  c.add({"upload_sync_bytes", std::to_string(d.files.upload_sync_bytes),
         "an upload is synced to disk and its offset committed after this many new bytes"});
  c.add({"upload_expiry_seconds", std::to_string(d.files.upload_expiry_ms / 1000),
         "an unfinished upload without progress for this long is dropped"});
  c.add({"disk_free_floor_bytes", std::to_string(d.files.disk_free_floor_bytes),
         "uploads stop while less than this is free on the data directory's disk"});
  c.add({"max_attachments", std::to_string(d.messaging.max_attachments),
         "files one message may carry"});
  c.add({"password_hash_cost", "interactive",
         "interactive, or minimal for load tests on loopback only (weak hashes)"});
  c.add({"translate_engine", d.translate_engine,
         "apertium (offline, the installed pairs) or http (translate_http_url)"});
  c.add({"apertium_modes_dir", d.apertium.modes_dir.string(),
         "where the installed Apertium pairs' .mode files are"});
  c.add({"translate_http_url", "", "base URL of a LibreTranslate or Apertium APY server"});
  c.add({"translate_http_flavor", d.translate_http.flavor,
         "what translate_http_url speaks: libretranslate or apy"});
  c.add({"translate_http_api_key", "", "LibreTranslate api_key, if the server wants one"});
  c.add({"translate_timeout_ms", std::to_string(d.apertium.timeout.count()),
         "longest wait for the engine on one piece of text before the attempt fails"});
  c.add({"translate_threads", std::to_string(d.translate_threads),
         "threads for translation jobs (apart from those that deliver messages)"});
  c.add({"translate_chunk_bytes", std::to_string(d.translate_chunk_bytes),
         "long texts go to the engine in pieces of at most this size"});
  c.add({"translate_retry_seconds", std::to_string(d.translation.retry_ms / 1000),
         "wait before retrying a failed translation; doubles with each attempt"});
  c.add({"translate_max_attempts", std::to_string(d.translation.max_attempts),
         "attempts at one translation before it stays failed"});
  c.add({"translation_queue_limit", std::to_string(d.translation.queue_limit),
         "translation jobs waiting or running at once; more are stored as failed and retried"});
  c.add({"keepalive_seconds", std::to_string(d.keepalive_seconds),
         "ping an idle connection this often; a peer silent for two periods is dropped"});
  const auto rate = [&c](const std::string& name, const std::string& calls,
                         const domain::RateLimit& limit) {
    c.add({name + "_rate_per_second", std::to_string(limit.per_second),
           calls + " one member may make per second, on average"});
    c.add({name + "_burst", std::to_string(limit.burst),
           calls + " one member may make at once after a quiet spell"});
  };
  rate("send", "messages (SendMessage)", d.rates.send);
  rate("typing", "typing notices (SetTyping)", d.rates.typing);
  rate("search", "member searches (SearchUsers)", d.rates.search);
  rate("contact", "contact requests (AddContact)", d.rates.contact);
  rate("group", "new group chats (CreateGroupChat)", d.rates.group);
  c.add({"max_translate_bytes", std::to_string(d.translation.max_request_bytes),
         "largest text one Translate call accepts, in bytes"});
  c.add({"stream_idle_seconds", std::to_string(d.stream_idle_seconds),
         "a Subscribe without its first frame, or an upload without its next frame, is ended "
         "after this long"});
  c.add({"grpc_memory_bytes", std::to_string(d.grpc_memory_bytes),
         "memory gRPC may use for the buffers of all connections and calls"});
  c.add({"grpc_stream_window_bytes", std::to_string(d.grpc_stream_window_bytes),
         "bytes a client may send on one stream before soukd has read them (HTTP/2 flow "
         "control): the most an upload holds in gRPC's buffers"});
  c.add({"grpc_max_threads", std::to_string(d.grpc_max_threads),
         "threads gRPC may start for its synchronous services (health, reflection)"});
  c.add({"max_streams_per_connection", std::to_string(d.max_streams_per_connection),
         "calls one connection may have open at once; more wait in the client"});
}

// Bounded so that later arithmetic (seconds to milliseconds, int fields) cannot overflow.
long long positive(const LayeredConfig& c, const std::string& key, long long min,
                   long long max = 1'000'000'000) {
  const long long v = c.get_int(key);
  if (v < min || v > max) {
    throw std::invalid_argument(key + " must be between " + std::to_string(min) + " and " +
                                std::to_string(max) + ", got " + std::to_string(v));
  }
  return v;
}

}  // namespace

ConfigOutcome load_soukd_config(int argc, const char* const* argv) {
  LayeredConfig c("soukd", "Souk chat server", "SOUK");
  declare_settings(c);
  if (auto exit_code = c.parse(argc, argv)) return {std::nullopt, *exit_code};

  SoukdConfig cfg;
  try {
    cfg.listen = c.get("listen");
    cfg.data_dir = c.get("data_dir");
    cfg.tls_cert = c.get("tls_cert");
    cfg.tls_key = c.get("tls_key");
    cfg.allow_insecure = c.get_bool("allow_insecure");
    cfg.log_level = c.get("log_level");
    cfg.sqlite_synchronous = c.get("sqlite_synchronous");
    for (auto& ch : cfg.sqlite_synchronous) ch = static_cast<char>(std::toupper(ch));
    cfg.reader_connections = static_cast<int>(positive(c, "reader_connections", 1));
    cfg.reader_wait_ms = static_cast<int>(positive(c, "reader_wait_ms", 1, 600'000));
    cfg.writer_queue_limit = static_cast<int>(positive(c, "writer_queue_limit", 1, 10'000'000));
    cfg.accounts.session_cache_entries =
        static_cast<int>(positive(c, "session_cache_entries", 0, 10'000'000));
    cfg.accounts.session_cache_ttl_ms = positive(c, "session_cache_seconds", 1, 3600) * 1000;
    cfg.worker_threads = static_cast<int>(positive(c, "worker_threads", 0));
    cfg.accounts.session_ttl_ms = positive(c, "session_ttl_seconds", 1) * 1000;
    cfg.accounts.login_max_failures = static_cast<int>(positive(c, "login_max_failures", 1));
    cfg.accounts.login_failure_window_ms = positive(c, "login_failure_window_seconds", 1) * 1000;
    cfg.accounts.login_address_max_failures =
        static_cast<int>(positive(c, "login_address_max_failures", 1, 1'000'000));
    cfg.accounts.login_max_delay_ms = positive(c, "login_max_delay_seconds", 1, 3600) * 1000;
    cfg.accounts.login_max_waiting =
        static_cast<int>(positive(c, "login_max_waiting", 1, 1'000'000));
    cfg.accounts.login_failure_delay_ms = positive(c, "login_failure_delay_ms", 0, 10'000);
    cfg.accounts.login_throttle_max_entries =
        static_cast<int>(positive(c, "login_throttle_max_entries", 100, 10'000'000));
    cfg.accounts.register_max_per_address =
        static_cast<int>(positive(c, "register_max_per_address", 1, 1'000'000));
    cfg.accounts.register_window_ms = positive(c, "register_window_seconds", 1, 86400) * 1000;
    cfg.accounts.hash_threads = static_cast<int>(positive(c, "password_hash_threads", 1, 64));
    cfg.accounts.hash_queue = static_cast<int>(positive(c, "password_hash_queue", 0, 100'000));
    cfg.accounts.max_auth_request_bytes = positive(c, "max_auth_request_bytes", 256, 1 << 20);
    cfg.messaging.max_message_bytes = positive(c, "max_message_bytes", 1, 1LL << 30);
    cfg.messaging.max_page_bytes =
        static_cast<size_t>(positive(c, "max_page_bytes", 4096, 1LL << 30));
    cfg.streams.page_bytes = cfg.messaging.max_page_bytes;
    cfg.streams.max_streams_per_user =
        static_cast<int>(positive(c, "max_streams_per_user", 1, 100'000));
    cfg.streams.max_streams_per_address =
        static_cast<int>(positive(c, "max_streams_per_address", 1, 10'000'000));
    cfg.streams.max_queued_bytes =
        static_cast<size_t>(positive(c, "stream_queue_bytes", 4096, 1LL << 40));
    cfg.streams.max_queued_events =
        static_cast<size_t>(positive(c, "stream_queue_events", 1, 100'000'000));
    cfg.event_retention_days = static_cast<int>(positive(c, "event_retention_days", 0));
    cfg.message_retention_days = static_cast<int>(positive(c, "message_retention_days", 0));
    cfg.presence.grace_ms = positive(c, "presence_grace_seconds", 0, 3600) * 1000;
    cfg.presence.idle_ms = positive(c, "idle_away_seconds", 1, 7 * 86400) * 1000;
    cfg.presence.tracked_limit =
        static_cast<size_t>(positive(c, "presence_tracked_limit", 1, 100'000'000));
    cfg.contacts.max_contact_groups = static_cast<int>(positive(c, "max_contact_groups", 1, 1000));
    cfg.groups.max_group_members = static_cast<int>(positive(c, "max_group_members", 2, 100'000));
    cfg.keepalive_seconds = static_cast<int>(positive(c, "keepalive_seconds", 1, 3600));
    const auto rate = [&c](const std::string& name) {
      return domain::RateLimit{positive(c, name + "_rate_per_second", 1, 1'000'000),
                               positive(c, name + "_burst", 1, 1'000'000)};
    };
    cfg.rates = {rate("send"), rate("typing"), rate("search"), rate("contact"), rate("group")};
    cfg.translation.max_request_bytes = positive(c, "max_translate_bytes", 1, 1 << 30);
    cfg.stream_idle_seconds = static_cast<int>(positive(c, "stream_idle_seconds", 1, 86400));
    cfg.grpc_memory_bytes = positive(c, "grpc_memory_bytes", 16 << 20, 1LL << 40);
    cfg.grpc_stream_window_bytes = positive(c, "grpc_stream_window_bytes", 64 << 10, 1LL << 30);
    cfg.grpc_max_threads = static_cast<int>(positive(c, "grpc_max_threads", 4, 10'000));
    cfg.max_streams_per_connection =
        static_cast<int>(positive(c, "max_streams_per_connection", 1, 1'000'000));
    cfg.translate_engine = c.get("translate_engine");
    if (cfg.translate_engine != "apertium" && cfg.translate_engine != "http") {
      throw std::invalid_argument("translate_engine must be apertium or http");
    }
    cfg.apertium.modes_dir = c.get("apertium_modes_dir");
    cfg.translate_http.base_url = c.get("translate_http_url");
    cfg.translate_http.flavor = c.get("translate_http_flavor");
    if (cfg.translate_http.flavor != "libretranslate" && cfg.translate_http.flavor != "apy") {
      throw std::invalid_argument("translate_http_flavor must be libretranslate or apy");
    }
    if (cfg.translate_engine == "http" && cfg.translate_http.base_url.empty()) {
      throw std::invalid_argument("translate_engine = http needs translate_http_url");
    }
    cfg.translate_http.api_key = c.get("translate_http_api_key");
    const auto timeout =
        std::chrono::milliseconds(positive(c, "translate_timeout_ms", 100, 600'000));
    cfg.apertium.timeout = timeout;
    cfg.translate_http.timeout = timeout;
    cfg.translate_threads = static_cast<int>(positive(c, "translate_threads", 1, 64));
    cfg.translate_chunk_bytes =
        static_cast<int>(positive(c, "translate_chunk_bytes", 256, 1 << 20));
    cfg.translation.retry_ms = positive(c, "translate_retry_seconds", 1, 86400) * 1000;
    cfg.translation.max_attempts = static_cast<int>(positive(c, "translate_max_attempts", 1, 100));
    cfg.translation.queue_limit =
        static_cast<int>(positive(c, "translation_queue_limit", 1, 10'000'000));
    cfg.translation.max_text_bytes = cfg.messaging.max_message_bytes;
    cfg.files.max_file_bytes = positive(c, "max_file_bytes", 0, 1LL << 50);
    cfg.files.storage_quota_bytes = positive(c, "storage_quota_bytes", 0, 1LL << 60);
    cfg.files.chunk_bytes = static_cast<int>(positive(c, "file_chunk_bytes", 1024, 16 << 20));
    cfg.files.upload_sync_bytes = positive(c, "upload_sync_bytes", 1, 1LL << 40);
    cfg.files.upload_expiry_ms = positive(c, "upload_expiry_seconds", 1, 365LL * 86400) * 1000;
    cfg.files.disk_free_floor_bytes = positive(c, "disk_free_floor_bytes", 0, 1LL << 60);
    cfg.messaging.max_attachments = static_cast<int>(positive(c, "max_attachments", 1, 1000));
    const std::string& cost = c.get("password_hash_cost");
    if (cost != "interactive" && cost != "minimal") {
      throw std::invalid_argument("password_hash_cost must be interactive or minimal");
    }
    cfg.accounts.minimal_hash_cost = cost == "minimal";
  } catch (const std::invalid_argument& e) {
    std::cerr << "soukd: " << e.what() << "\n";
    return {std::nullopt, 2};
  }
  if (cfg.tls_cert.empty() != cfg.tls_key.empty()) {
    std::cerr << "soukd: --tls-cert and --tls-key go together\n";
    return {std::nullopt, 2};
  }
  if (cfg.sqlite_synchronous != "FULL" && cfg.sqlite_synchronous != "NORMAL" &&
      cfg.sqlite_synchronous != "OFF") {
    std::cerr << "soukd: sqlite_synchronous must be FULL, NORMAL or OFF\n";
    return {std::nullopt, 2};
  }
  return {cfg, 0};
}

bool is_loopback_host(const std::string& listen) {
  const auto colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "localhost") return true;
  // Literal addresses only: a name such as 127.example.com may resolve anywhere.
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return ::inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

Status check_listen_policy(const SoukdConfig& config) {
  if (config.accounts.minimal_hash_cost && !is_loopback_host(config.listen)) {
    return {Code::kFailedPrecondition,
            "password_hash_cost = minimal is for load tests on a loopback address only"};
  }
  if (config.tls() || config.allow_insecure || is_loopback_host(config.listen)) {
    return Status::Ok();
  }
  return {Code::kFailedPrecondition,
          "refusing to serve " + config.listen +
              " without TLS: pass --tls-cert and --tls-key, or --allow-insecure if the "
              "network is trusted"};
}

}  // namespace souk::app
