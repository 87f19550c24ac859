#include "client/cli/password_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace souk::cli {

Result<std::string> obtain_password(const std::string& prompt) {
  if (const char* env = std::getenv("SOUK_PASSWORD")) return std::string(env);
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
  if (!got) return invalid_argument("no password given (set SOUK_PASSWORD or type it)");
  return password;
}

}  // namespace souk::cli
