#include "tools/process/xvfb_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <stdexcept>

#include "tools/process/process.hpp"

namespace souk::test {

bool XvfbProcess::installed() {
  return run_process({"/bin/sh", "-c", "command -v Xvfb"}).exit_code == 0;
}

XvfbProcess::XvfbProcess(const std::filesystem::path& dir, int width, int height) {
  std::filesystem::create_directories(dir);
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  // -displayfd: Xvfb picks a free display number and writes it here once it is ready.
  const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
  server_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", screen,
                               "-nolisten", "tcp", "-noreset"},
      std::map<std::string, std::string>{}, dir / "xvfb.log", fds[1]);
  ::close(fds[1]);
  std::string number;
  pollfd pfd{fds[0], POLLIN, 0};
  char c;
  while (::poll(&pfd, 1, 20000) > 0 && ::read(fds[0], &c, 1) == 1 && c != '\n') number += c;
  ::close(fds[0]);
  if (number.empty()) throw std::runtime_error("Xvfb did not start:\n" + server_->log());
  display_ = ":" + number;
}

}  // namespace souk::test
