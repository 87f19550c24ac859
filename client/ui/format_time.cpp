#include "client/ui/format_time.hpp"

#include <chrono>
#include <ctime>

namespace souk::ui {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string message_time(int64_t ms, int64_t now) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  const std::time_t n = static_cast<std::time_t>(now / 1000);
  std::tm local{}, today{};
  localtime_r(&t, &local);
  localtime_r(&n, &today);
  char buf[32];
  const char* format = "%Y-%m-%d";
  if (local.tm_year == today.tm_year && local.tm_yday == today.tm_yday)
    format = "%H:%M";
  else if (n - t < 6 * 24 * 3600)
    format = "%a %H:%M";
  std::strftime(buf, sizeof buf, format, &local);
  return buf;
}

std::string ago(int64_t ms, int64_t now) {
  const int64_t s = (now - ms) / 1000;
  if (ms <= 0) return "";
  if (s < 60) return "just now";
  if (s < 3600) return std::to_string(s / 60) + " min";
  if (s < 86400) return std::to_string(s / 3600) + " h";
  return std::to_string(s / 86400) + " d";
}

}  // namespace souk::ui
