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

  std::cerr << "downloading...\n";
  MemoryWatch down_memory(o.soukd_pid);
  Sha256 hash;
  start = Clock::now();
  auto got = files.download(file->file_id(), 0, [&](std::string_view chunk) {
    hash.update(chunk);
    return Status::Ok();
  });
  const double down_seconds = since(start);
  if (!got) throw std::runtime_error("download failed: " + got.status().message());
  if (hash.finish() != spec.sha256) throw std::runtime_error("download hash differs");
  const auto down_server = down_memory.result();

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
          {"upload",
           {{"seconds", up_seconds},
            {"mb_per_s", up_rate},
            {"ratio_to_iperf3", up_rate / iperf},
            {"server", up_server}}},
          {"download",
           {{"seconds", down_seconds},
            {"mb_per_s", down_rate},
            {"ratio_to_iperf3", down_rate / iperf},
            {"server", down_server}}},
          {"parallel_uploads",
           {{"count", parallel},
            {"mb_per_s_total", mb / parallel_seconds},
            {"server", parallel_server}}}};
}

}  // namespace souk::bench
