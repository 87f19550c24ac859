#include "client/core/profile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

namespace souk::client {

std::filesystem::path Profile::default_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::filesystem::path(xdg) / "souk";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : ".") / ".config" / "souk";
}

std::optional<SavedSession> Profile::load_session() const {
  std::ifstream in(session_file());
  if (!in) return std::nullopt;
  const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  SavedSession s;
  s.server = json.value("server", "");
  s.member_id = json.value("member_id", "");
  s.token = json.value("token", "");
  s.expires_at_ms = json.value("expires_at_ms", int64_t{0});
  if (s.token.empty()) return std::nullopt;
  return s;
}

Status Profile::write_private(const std::filesystem::path& file, const std::string& text) const {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return internal_error("cannot create profile " + dir_.string() + ": " + ec.message());
  ::chmod(dir_.c_str(), 0700);
  const auto tmp = file.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return internal_error("cannot write " + tmp + ": " + std::strerror(errno));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!written || !synced || ::rename(tmp.c_str(), file.c_str()) != 0) {
    return internal_error("cannot write " + file.string() + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status Profile::save_session(const SavedSession& s) const {
  const nlohmann::json json = {{"server", s.server},
                               {"member_id", s.member_id},
                               {"token", s.token},
                               {"expires_at_ms", s.expires_at_ms}};
  return write_private(session_file(), json.dump(2) + "\n");
}

int64_t Profile::load_cursor(const std::string& member_id) const {
  std::ifstream in(cursor_file());
  if (!in) return 0;
  const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || json.value("member_id", "") != member_id) return 0;
  return json.value("seq", int64_t{0});
}

Status Profile::save_cursor(const std::string& member_id, int64_t seq) const {
  const nlohmann::json json = {{"member_id", member_id}, {"seq", seq}};
  return write_private(cursor_file(), json.dump() + "\n");
}

Status Profile::forget_session() const {
  std::error_code ec;
  std::filesystem::remove(session_file(), ec);
  if (ec) return internal_error("cannot remove " + session_file().string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace souk::client
