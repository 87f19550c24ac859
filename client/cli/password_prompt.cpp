#include "client/cli/password_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace souk::cli {

bool password_from_terminal(const char* env) {
  return std::getenv(env) == nullptr && ::isatty(STDIN_FILENO) != 0;
}

Result<std::string> obtain_password(const std::string& prompt, const char* env) {
  if (const char* value = std::getenv(env)) return std::string(value);
  const bool terminal = ::isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string password;
  const bool got = static_cast<bool>(std::getline(std::cin, password));
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  if (!got) {
    return invalid_argument(std::string("no password given (set ") + env + " or type it)");
  }
  return password;
}

}  // namespace souk::cli
