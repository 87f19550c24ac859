#include "tools/process/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace souk::test {

ExecImage::ExecImage(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env) {
  strings_ = argv;
  for (const auto& [key, value] : env) strings_.push_back(key + "=" + value);
  // Pointers are taken once strings_ is complete: it does not move from here on.
  for (size_t i = 0; i < argv.size(); ++i) argv_.push_back(strings_[i].data());
  argv_.push_back(nullptr);
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto key = entry.substr(0, entry.find('='));
    if (!env.contains(std::string(key))) envp_.push_back(*e);
  }
  for (size_t i = argv.size(); i < strings_.size(); ++i) envp_.push_back(strings_[i].data());
  envp_.push_back(nullptr);
}

void ExecImage::exec() const {
  ::execvpe(argv_[0], argv_.data(), envp_.data());
  ::_exit(127);
}

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env, const std::string& input) {
  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  const ExecImage image(argv, env);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    image.exec();
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  // Small inputs only: a pipe buffer holds them whole.
  if (!input.empty() && ::write(in[1], input.data(), input.size()) < 0) {
    throw std::runtime_error("write to child failed");
  }
  ::close(in[1]);

  ProcessResult result;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open = 2;
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      } else {
        sinks[i]->append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace souk::test
