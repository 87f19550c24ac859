// file-transfer: a large file up and down through soukd over loopback, against raw TCP.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/scenarios.hpp"
#include "client/core/file_client.hpp"
#include "tools/process/generated_file.hpp"
#include "tools/process/process.hpp"

namespace souk::bench {

namespace {

constexpr int kIperfPort = 5299;
constexpr double kMiB = 1024.0 * 1024.0;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  throw std::runtime_error(program + " not found on PATH (scripts/install-deps installs it)");
}

// Raw single-stream TCP over loopback, in MB/s, from iperf3 in this same run.
double iperf3_loopback_mb_per_s(double seconds) {
  const std::string iperf3 = find_on_path("iperf3");
  // Made before the fork: the child of a threaded process must not allocate.
  const std::string port = std::to_string(kIperfPort);
  const pid_t server = ::fork();
  if (server == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(iperf3.c_str(), "iperf3", "-s", "-1", "-p", port.c_str(), nullptr);
    ::_exit(127);
  }
  test::ProcessResult result;
  for (int attempt = 0; attempt < 50; ++attempt) {  // until the server listens
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    result = test::run_process({iperf3, "-c", "127.0.0.1", "-p", std::to_string(kIperfPort), "-t",
                                std::to_string(static_cast<int>(seconds)), "-J"});
    if (result.exit_code == 0) break;
  }
  ::kill(server, SIGTERM);
  ::waitpid(server, nullptr, 0);
  if (result.exit_code != 0) throw std::runtime_error("iperf3 failed: " + result.out + result.err);
  const auto json = nlohmann::json::parse(result.out);
  return json["end"]["sum_received"]["bits_per_second"].get<double>() / 8 / 1e6;
}

// The disk's own rate for what soukd does with an upload, in MB/s: a new file in soukd's
// data directory, written in 256 KiB pieces and fsynced every 16 MiB and at the end (the
// defaults of chunk_bytes and upload_sync_bytes). An upload is acknowledged only once its
// bytes are on disk, so it cannot be faster than this, however fast the network is.
double disk_write_mb_per_s(const std::filesystem::path& dir, int64_t bytes) {
  constexpr size_t kPiece = 256 << 10;
  constexpr int64_t kSyncEvery = 16LL << 20;
  const auto path = dir / "disk-yardstick.bin";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path.string());
  const test::GeneratedFile source(7, bytes);
  std::string piece(kPiece, '\0');
  const auto start = Clock::now();
  bool ok = true;
  for (int64_t at = 0; ok && at < bytes; at += static_cast<int64_t>(kPiece)) {
    const auto n = static_cast<size_t>(std::min<int64_t>(bytes - at, kPiece));
    source.fill(at, piece.data(), n);
    ok = ::write(fd, piece.data(), n) == static_cast<ssize_t>(n);
    if (ok && (at + static_cast<int64_t>(n)) % kSyncEvery == 0) ok = ::fdatasync(fd) == 0;
  }
  ok = ok && ::fdatasync(fd) == 0;
  const double seconds = since(start);
  ::close(fd);
  std::filesystem::remove(path);
  if (!ok) throw std::runtime_error("writing " + path.string() + " failed");
  return static_cast<double>(bytes) / 1e6 / seconds;
}

// Peak resident memory of soukd during one transfer, above what it held before it.
class MemoryWatch {
 public:
  explicit MemoryWatch(int pid) : pid_(pid) {
    // Resets VmHWM, so the peak read afterwards belongs to this transfer.
    if (pid_ != 0) std::ofstream("/proc/" + std::to_string(pid_) + "/clear_refs") << "5";
    before_ = pid_ != 0 ? process_usage(pid_).rss_kib : 0;
  }
  nlohmann::json result() const {
    if (pid_ == 0) return nullptr;
    const auto after = process_usage(pid_);
    return {{"rss_before_mib", before_ / 1024.0},
            {"peak_rss_mib", after.peak_rss_kib / 1024.0},
            {"peak_growth_mib", (after.peak_rss_kib - before_) / 1024.0}};
  }

 private:
  int pid_;
  int64_t before_ = 0;
};

}  // namespace

nlohmann::json run_file_transfer(const BenchOptions& o) {
  std::cerr << "iperf3 on loopback...\n";
  const double iperf = iperf3_loopback_mb_per_s(5);
  double disk = 0;
  if (!o.soukd_data.empty()) {
    std::cerr << "the disk alone, " << o.file_bytes / kMiB << " MiB with fsync...\n";
    disk = disk_write_mb_per_s(o.soukd_data, o.file_bytes);
  }

  auto user = make_users(o.address, "ft" + o.run_id + "-", 1).front();
  client::FileClient files(user.channel, user.token);
  const test::GeneratedFile source(o.run_id.size() + 17, o.file_bytes);
  std::cerr << "hashing " << o.file_bytes / kMiB << " MiB of test data...\n";
  const auto spec = source.spec("bench-" + o.run_id, "bench.bin");

  std::cerr << "uploading...\n";
  MemoryWatch up_memory(o.soukd_pid);
  auto start = Clock::now();
  auto file = files.upload(spec, source.reader());
  const double up_seconds = since(start);
  if (!file) throw std::runtime_error("upload failed: " + file.status().message());
  const auto up_server = up_memory.result();

  // Timed as iperf3 is: the bytes are counted, not used. The second download checks them
  // and shows what a client's hashing adds (a core's worth of SHA-256 on this machine).
  std::cerr << "downloading...\n";
  MemoryWatch down_memory(o.soukd_pid);
  int64_t counted = 0;
  start = Clock::now();
  auto got = files.download(file->file_id(), 0, [&](std::string_view chunk) {
    counted += static_cast<int64_t>(chunk.size());
    return Status::Ok();
  });
  const double down_seconds = since(start);
  if (!got) throw std::runtime_error("download failed: " + got.status().message());
  if (counted != o.file_bytes) throw std::runtime_error("download size differs");
  const auto down_server = down_memory.result();

  std::cerr << "downloading again, hashing...\n";
  Sha256 hash;
  start = Clock::now();
  got = files.download(file->file_id(), 0, [&](std::string_view chunk) {
    hash.update(chunk);
    return Status::Ok();
  });
  const double hashed_seconds = since(start);
  if (!got) throw std::runtime_error("download failed: " + got.status().message());
  if (hash.finish() != spec.sha256) throw std::runtime_error("download hash differs");

  // Several at once, to see what each transfer costs soukd when they overlap.
  const int parallel = std::max(1, o.senders);
  std::cerr << parallel << " uploads at once...\n";
  std::vector<test::GeneratedFile> sources;
  std::vector<client::UploadSpec> specs;
  for (int i = 0; i < parallel; ++i) {
    sources.emplace_back(1000 + i, o.file_bytes / parallel);
    specs.push_back(sources.back().spec("bench-" + o.run_id + "-" + std::to_string(i)));
  }
  MemoryWatch parallel_memory(o.soukd_pid);
  std::atomic<int> failures{0};
  start = Clock::now();
  parallel_for(parallel, parallel, [&](int i) {
    client::FileClient own(user.channel, user.token);
    if (!own.upload(specs[i], sources[i].reader())) ++failures;
  });
  const double parallel_seconds = since(start);
  if (failures > 0) throw std::runtime_error("a parallel upload failed");
  auto parallel_server = parallel_memory.result();
  if (!parallel_server.is_null()) {
    parallel_server["peak_growth_per_transfer_mib"] =
        parallel_server["peak_growth_mib"].get<double>() / parallel;
  }

  const double mb = static_cast<double>(o.file_bytes) / 1e6;
  const double up_rate = mb / up_seconds;
  const double down_rate = mb / down_seconds;
  return {{"scenario", "file-transfer"},
          {"file_mib", o.file_bytes / kMiB},
          {"iperf3_mb_per_s", iperf},
          {"disk_write_mb_per_s", disk > 0 ? nlohmann::json(disk) : nlohmann::json(nullptr)},
          {"upload",
           {{"seconds", up_seconds},
            {"mb_per_s", up_rate},
            {"ratio_to_iperf3", up_rate / iperf},
            {"ratio_to_disk", disk > 0 ? nlohmann::json(up_rate / disk) : nlohmann::json(nullptr)},
            {"server", up_server}}},
          {"download",
           {{"seconds", down_seconds},
            {"mb_per_s", down_rate},
            {"ratio_to_iperf3", down_rate / iperf},
            {"server", down_server},
            {"hashed_by_client_mb_per_s", mb / hashed_seconds}}},
          {"parallel_uploads",
           {{"count", parallel},
            {"mb_per_s_total", mb / parallel_seconds},
            {"server", parallel_server}}}};
}

}  // namespace souk::bench
