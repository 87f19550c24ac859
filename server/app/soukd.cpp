#include "server/app/soukd.hpp"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <spdlog/spdlog.h>

#include <malloc.h>

#include <csignal>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "common/crypto.hpp"
#include "common/logging.hpp"
#include "server/app/retention.hpp"
#include "server/app/soukd_config.hpp"
#include "server/domain/accounts.hpp"
#include "server/domain/contacts.hpp"
#include "server/domain/event_hub.hpp"
#include "server/domain/files.hpp"
#include "server/domain/groups.hpp"
#include "server/domain/messaging.hpp"
#include "server/domain/presence.hpp"
#include "server/rpc/auth_service.hpp"
#include "server/rpc/chat_service.hpp"
#include "server/rpc/contact_service.hpp"
#include "server/rpc/file_service.hpp"
#include "server/rpc/group_service.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/rate_check.hpp"
#include "server/rpc/translation_service.hpp"
#include "server/rpc/unreadable_request.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"
#include "server/translate/cached_translator.hpp"

namespace souk::app {

namespace {

constexpr auto kShutdownGrace = std::chrono::seconds(10);
constexpr int64_t kEnvelopeBytes = 1 << 20;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::shared_ptr<grpc::ServerCredentials> credentials(const SoukdConfig& cfg) {
  if (!cfg.tls()) return grpc::InsecureServerCredentials();
  auto cert = read_file(cfg.tls_cert);
  auto key = read_file(cfg.tls_key);
  if (!cert) throw std::runtime_error("cannot read TLS certificate " + cfg.tls_cert);
  if (!key) throw std::runtime_error("cannot read TLS key " + cfg.tls_key);
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

std::unique_ptr<translate::Translator> make_engine(const SoukdConfig& cfg) {
  if (cfg.translate_engine == "http")
    return std::make_unique<translate::HttpEngine>(cfg.translate_http);
  return std::make_unique<translate::ApertiumEngine>(cfg.apertium);
}

std::string host_part(const std::string& listen) {
  const auto colon = listen.rfind(':');
  return colon == std::string::npos ? listen : listen.substr(0, colon);
}

int serve(const SoukdConfig& cfg) {
  // A translation pipeline that dies must not take soukd with it: writing to its pipe
  // then fails with EPIPE instead of raising SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  std::filesystem::create_directories(cfg.data_dir);
  const auto db_file = cfg.data_dir / "souk.db";

  const unsigned workers = cfg.worker_threads > 0
                               ? static_cast<unsigned>(cfg.worker_threads)
                               : std::max(2u, std::thread::hardware_concurrency());
  boost::asio::thread_pool pool(workers);
  // Replies and live delivery leave the writer thread, so it only ever writes; one strand
  // keeps them in commit order.
  auto completions = boost::asio::make_strand(pool);
  storage::Writer writer(
      db_file, cfg.sqlite_synchronous,
      [completions](auto task) { boost::asio::post(completions, std::move(task)); },
      static_cast<size_t>(cfg.writer_queue_limit));
  storage::ReaderPool readers(db_file, static_cast<size_t>(cfg.reader_connections),
                              std::chrono::milliseconds(cfg.reader_wait_ms));
  SystemClock clock;
  domain::Accounts accounts(writer, readers, clock, pool, cfg.accounts);
  domain::EventHub hub(pool, cfg.streams);
  domain::Messaging messaging(writer, readers, clock, hub, pool, cfg.messaging);
  domain::Presence presence(writer, readers, clock, hub, pool, cfg.presence);
  domain::Contacts contacts(writer, readers, clock, hub, presence, cfg.contacts);
  domain::Groups groups(writer, readers, clock, hub, presence, messaging, cfg.groups);
  // Translation jobs have threads of their own: a slow engine never holds up delivery.
  boost::asio::thread_pool translation_pool(static_cast<unsigned>(cfg.translate_threads));
  boost::asio::thread_pool translation_requests(static_cast<unsigned>(cfg.translate_threads));
  auto engine = make_engine(cfg);
  translate::CachedTranslator translator(*engine, writer, readers, clock,
                                         static_cast<size_t>(cfg.translate_chunk_bytes));
  domain::Translations translations(writer, readers, clock, hub, translator, translation_pool,
                                    translation_requests, cfg.translation);
  messaging.on_committed([&translations](auto message, auto members) {
    translations.on_message(std::move(message), std::move(members));
  });
  translations.start();
  rpc::AuthService auth_service(accounts, pool);
  rpc::CallRates rates(clock, cfg.rates);
  const std::chrono::milliseconds stream_idle(int64_t{cfg.stream_idle_seconds} * 1000);
  rpc::ChatService chat_service(accounts, messaging, hub, presence, readers, pool, rates,
                                stream_idle, &translations);
  rpc::TranslationService translation_service(accounts, translations, pool);
  rpc::ContactService contact_service(accounts, contacts, presence, pool, rates);
  rpc::GroupService group_service(accounts, groups, pool, rates);
  domain::Files files(writer, readers, clock, pool, cfg.data_dir, cfg.files);
  rpc::FileService file_service(accounts, files, messaging, pool, stream_idle);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(cfg.listen, credentials(cfg), &port);
  builder.RegisterService(&auth_service);
  builder.RegisterService(&chat_service);
  builder.RegisterService(&contact_service);
  builder.RegisterService(&group_service);
  builder.RegisterService(&translation_service);
  builder.RegisterService(&file_service);
  // A request whose bytes do not parse gets INVALID_ARGUMENT naming the call, instead of
  // gRPC's wordless UNIMPLEMENTED.
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<rpc::UnreadableRequestInterceptorFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  // A peer that vanished without closing its connection (a laptop lid, a dead network)
  // is noticed after two silent keepalive periods, and then goes offline after the grace.
  const int keepalive_ms = cfg.keepalive_seconds * 1000;
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, keepalive_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, keepalive_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 5000);
  // A peer that pings more often than that is sent GOAWAY after this many bad pings: pings
  // cost soukd a reply each, and nothing else limits them.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
  // What all connections together may hold in gRPC's buffers, and how many threads it may
  // start: as the quota fills, gRPC shrinks its read buffers and flow-control windows, so
  // senders are slowed instead of soukd growing until the kernel kills it.
  grpc::ResourceQuota quota("soukd");
  quota.Resize(static_cast<size_t>(cfg.grpc_memory_bytes));
  quota.SetMaxThreads(cfg.grpc_max_threads);
  builder.SetResourceQuota(quota);
  // Each stream's receive window is fixed instead of grown by BDP probing, which let one
  // upload's window reach tens of MiB held in gRPC's buffers while the disk synced: 21-48
  // MiB per 1 GiB upload against 7-8 MiB at 4 MiB, at the same speed (BENCHMARKS.md).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES,
                             static_cast<int>(cfg.grpc_stream_window_bytes));
  // Streams past this on one connection wait in the client (HTTP/2 SETTINGS), so one
  // connection cannot hold an unbounded number of calls open.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, cfg.max_streams_per_connection);
  // Room for the largest message (or file chunk) plus its envelope, so that an oversized
  // text reaches soukd and gets an answer naming max_message_bytes instead of a transport
  // error.
  const auto max_frame = static_cast<int>(std::min<int64_t>(
      std::max<int64_t>(cfg.messaging.max_message_bytes, cfg.files.chunk_bytes) + kEnvelopeBytes,
      INT32_MAX));
  builder.SetMaxReceiveMessageSize(max_frame);
  builder.SetMaxSendMessageSize(max_frame);
  auto server = builder.BuildAndStart();
  if (!server || port == 0) {
    spdlog::critical("cannot listen on {}", cfg.listen);
    accounts.stop();
    translations.stop();
    translation_pool.join();
    translation_requests.join();
    writer.stop();
    pool.join();
    return 1;
  }
  const std::string address = host_part(cfg.listen) + ":" + std::to_string(port);
  spdlog::info("serving {} ({}), data in {}", address, cfg.tls() ? "TLS" : "plaintext",
               cfg.data_dir.string());
  std::cout << "listening on " << address << std::endl;

  files.start_expiry();
  boost::asio::io_context io;
  Retention retention(io, writer, clock, {cfg.event_retention_days, cfg.message_retention_days},
                      files);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    retention.stop();
    accounts.stop();
    presence.stop();
    files.stop();
    spdlog::info("signal {}: finishing calls in flight", signal);
    server->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  });
  io.run();

  server->Wait();
  rpc::GrpcOrder::after_server_shutdown();
  translations.stop();
  translation_pool.join();  // jobs in flight still write their outcome
  translation_requests.join();
  writer.stop();  // its last completions still need the pool
  pool.join();
  spdlog::info("stopped cleanly after {} writes in {} transactions", writer.jobs(),
               writer.commits());
  return 0;
}

}  // namespace

int run_soukd(int argc, const char* const* argv) {
  auto outcome = load_soukd_config(argc, argv);
  if (!outcome.config) return outcome.exit_code;
  const SoukdConfig& cfg = *outcome.config;
  if (auto s = setup_logging(cfg.log_level); !s.ok()) {
    std::cerr << "soukd: " << s.message() << "\n";
    return 2;
  }
  if (auto s = check_listen_policy(cfg); !s.ok()) {
    std::cerr << "soukd: " << s.message() << "\n";
    return 2;
  }
  // Past a file size limit, writes should fail with EFBIG (answered as a full disk)
  // rather than kill soukd.
  std::signal(SIGXFSZ, SIG_IGN);
  // File chunks (256 KiB) are allocated on gRPC threads and freed on pool threads. With
  // glibc's default, the first such free raises the mmap threshold past them, and from
  // then on every thread's arena keeps tens of MiB of them: an upload's memory grew by
  // 60-80 MiB. A fixed threshold keeps large buffers in mmap, returned to the system when
  // freed (measured: 16 MiB for one upload, 11 MiB each for two at once).
  ::mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  try {
    crypto_init();
    return serve(cfg);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}

}  // namespace souk::app
