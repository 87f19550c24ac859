#include "server/translate/apertium_pipeline.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace souk::translate {

namespace {

Status unavailable(std::string m) {
  return {Code::kUnavailable, std::move(m)};
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::string null_flush_command(std::string_view mode) {
  std::string text = trim(mode);
  for (auto pos = text.find("$1"); pos != std::string::npos; pos = text.find("$1", pos)) {
    text.replace(pos, 2, "-n");
  }
  for (auto pos = text.find("$2"); pos != std::string::npos; pos = text.find("$2", pos)) {
    text.erase(pos, 2);
  }
  // Split on the pipes between stages (never inside the quoted file names), then put -z
  // right after each stage's program.
  std::string out;
  bool quoted = false;
  bool at_stage_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'') quoted = !quoted;
    if (!quoted && c == '|') {
      out += c;
      at_stage_start = true;
      continue;
    }
    if (at_stage_start && c != ' ') {
      const auto end = text.find(' ', i);
      const std::string program = text.substr(i, end - i);
      out += program;
      if (text.compare(end == std::string::npos ? text.size() : end + 1, 2, "-z") != 0) {
        out += " -z";
      }
      i = end == std::string::npos ? text.size() : end - 1;
      at_stage_start = false;
      continue;
    }
    out += c;
  }
  return out;
}

std::string escape_for_apertium(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16 + 2);
  for (const char c : text) {
    switch (c) {
      case '\0':
        out += ' ';  // NUL is the separator between texts
        break;
      case '\\':
      case '[':
      case ']':
      case '^':
      case '$':
      case '/':
      case '@':
      case '<':
      case '>':
      case '{':
      case '}':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  // A blank after the last word: without it the final punctuation is lost.
  out += '\n';
  return out;
}

std::string unescape_from_apertium(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);  // the blank we added
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
  }
  return out;
}

ApertiumPipeline::ApertiumPipeline(std::string name, std::string command)
    : name_(std::move(name)), command_(std::move(command)) {}

ApertiumPipeline::~ApertiumPipeline() {
  stop();
}

Status ApertiumPipeline::start() {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return unavailable("cannot create a pipe for " + name_);
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return unavailable("cannot create a pipe for " + name_);
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    return unavailable("cannot start the " + name_ + " pipeline: fork failed");
  }
  if (pid == 0) {
    // Its own group, so that the shell and every stage go together when it is stopped.
    ::setpgid(0, 0);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, 2);
    ::close_range(3, ~0U, 0);  // none of soukd's sockets or databases
    ::signal(SIGPIPE, SIG_DFL);
    ::execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here, so a kill right after fork reaches the group
  ::close(in[0]);
  ::close(out[1]);
  to_fd_ = in[1];
  from_fd_ = out[0];
  ::fcntl(to_fd_, F_SETFL, O_NONBLOCK);
  ::fcntl(from_fd_, F_SETFL, O_NONBLOCK);
  pid_ = pid;
  ++starts_;
  if (starts_ > 1) spdlog::warn("apertium {}: pipeline restarted (start {})", name_, starts_);
  return Status::Ok();
}

void ApertiumPipeline::stop() {
  if (to_fd_ >= 0) ::close(to_fd_);
  if (from_fd_ >= 0) ::close(from_fd_);
  to_fd_ = from_fd_ = -1;
  if (pid_ > 0) {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = 0;
}

bool ApertiumPipeline::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == 0) return true;
  // The shell is gone (killed, or a stage failed); take the rest of the group with it.
  ::kill(-pid_, SIGKILL);
  pid_ = 0;
  stop();
  return false;
}

Result<std::string> ApertiumPipeline::translate(std::string_view text,
                                                std::chrono::milliseconds timeout) {
  std::string input = escape_for_apertium(text);
  input += '\0';
  for (int round = 0;; ++round) {
    // One found dead between texts is simply started again: nothing was lost.
    if (!running()) {
      if (auto s = start(); !s.ok()) return s;
      if (auto s = warm_up(timeout); !s.ok()) return s;
    }
    std::string output;
    bool died = false;
    auto s = exchange(input, output, std::chrono::steady_clock::now() + timeout, died);
    if (s.ok()) return unescape_from_apertium(output);
    // Whatever it was doing, it cannot be trusted with the next text.
    stop();
    // Gone before it answered at all: most likely it died between texts and this text
    // only found out. Once more on a fresh pipeline; a text that kills it twice fails.
    if (!died || round > 0) return s;
  }
}

Status ApertiumPipeline::warm_up(std::chrono::milliseconds timeout) {
  // Loading the transducers takes a while, longer on a busy machine; that time is not the
  // text's. An empty text goes through first, with a generous allowance of its own.
  constexpr auto kStartAllowance = std::chrono::seconds(30);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::max<std::chrono::milliseconds>(timeout, kStartAllowance);
  std::string output;
  bool died = false;
  const std::string empty = escape_for_apertium("") + '\0';
  if (auto s = exchange(empty, output, deadline, died); !s.ok()) {
    stop();
    return {Code::kUnavailable, "apertium " + name_ + " could not be started: " + s.message()};
  }
  return Status::Ok();
}

Status ApertiumPipeline::exchange(const std::string& input, std::string& output,
                                  std::chrono::steady_clock::time_point deadline, bool& died) {
  size_t written = 0;
  char buf[65536];
  for (;;) {
    pollfd fds[2] = {{from_fd_, POLLIN, 0}, {to_fd_, POLLOUT, 0}};
    const nfds_t n = written < input.size() ? 2 : 1;
    const int wait = remaining_ms(deadline);
    if (wait == 0) {
      return unavailable("apertium " + name_ + " did not answer within the timeout");
    }
    const int ready = ::poll(fds, n, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return unavailable("apertium " + name_ + ": poll failed");
    if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t w = ::write(to_fd_, input.data() + written, input.size() - written);
      if (w < 0 && errno != EAGAIN && errno != EINTR) {
        died = output.empty();
        return unavailable("apertium " + name_ + " stopped while reading the text");
      }
      if (w > 0) written += static_cast<size_t>(w);
    }
    if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) {
      const ssize_t r = ::read(from_fd_, buf, sizeof buf);
      if (r == 0) {
        died = output.empty();
        return unavailable("apertium " + name_ + " stopped while translating");
      }
      if (r < 0 && errno != EAGAIN && errno != EINTR) {
        return unavailable("apertium " + name_ + ": read failed");
      }
      if (r > 0) {
        const std::string_view got(buf, static_cast<size_t>(r));
        const auto nul = got.find('\0');
        output.append(got.substr(0, nul));
        if (nul != std::string_view::npos) return Status::Ok();
      }
    }
  }
}

}  // namespace souk::translate
