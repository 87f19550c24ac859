#include "tools/process/soukd_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tools/process/process.hpp"

namespace souk::test {

namespace {

// Far above a sanitized soukd's start on a loaded 2-core machine (about a second).
constexpr std::chrono::seconds kStartLimit{120};

}  // namespace

SoukdProcess::SoukdProcess(std::filesystem::path soukd, std::filesystem::path data_dir,
                           std::vector<std::string> extra_args)
    : data_dir_(std::move(data_dir)) {
  std::filesystem::create_directories(data_dir_);
  log_file_ = data_dir_ / "soukd.log";
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> argv = {soukd.string(), "--data-dir", data_dir_.string()};
  if (std::find(extra_args.begin(), extra_args.end(), "--listen") == extra_args.end()) {
    argv.insert(argv.end(), {"--listen", "127.0.0.1:0"});
  }
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  const ExecImage image(argv);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int log = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(out[1], 1);
    ::dup2(log, 2);
    image.exec();
  }
  ::close(out[1]);
  // soukd prints exactly one line on stdout once it serves. A start that hangs fails here,
  // with its log, rather than at the test runner's timeout with nothing to read.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + kStartLimit;
  bool timed_out = false;
  for (char c = 0; c != '\n';) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd ready{out[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) == 0) {
      timed_out = true;
      break;
    }
    if (::read(out[0], &c, 1) != 1) break;
    if (c != '\n') line += c;
  }
  ::close(out[0]);
  const std::string prefix = "listening on ";
  if (line.rfind(prefix, 0) != 0) {
    stop(SIGKILL);
    throw std::runtime_error(
        std::string("soukd did not start") +
        (timed_out ? " within " + std::to_string(kStartLimit.count()) + " s" : "") + ": '" + line +
        "'\n" + log());
  }
  address_ = line.substr(prefix.size());
}

SoukdProcess::~SoukdProcess() {
  if (pid_ > 0) stop(SIGTERM);
}

int SoukdProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string SoukdProcess::log() const {
  std::ifstream in(log_file_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::pair<int, std::string> soukd_refusal(const std::filesystem::path& soukd,
                                          const std::vector<std::string>& args) {
  std::vector<std::string> argv = {soukd.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = run_process(argv);
  return {result.exit_code, result.err};
}

}  // namespace souk::test
