#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/status.hpp"

namespace souk::client {

// What a logged-in client remembers: never the password, only the token.
struct SavedSession {
  std::string server;
  std::string member_id;
  std::string token;
  int64_t expires_at_ms = 0;
};

// A directory per user (default ~/.config/souk), so several users can run side by side.
class Profile {
 public:
  explicit Profile(std::filesystem::path dir) : dir_(std::move(dir)) {}
  static std::filesystem::path default_dir();

  const std::filesystem::path& dir() const { return dir_; }
  std::optional<SavedSession> load_session() const;
  // Written to a temporary file with mode 0600, then renamed, so a crash never leaves a
  // half-written token file and no other user can read it even for a moment.
  Status save_session(const SavedSession& session) const;
  Status forget_session() const;

  // The last event seq this profile has handled for `member_id` (0 if none, or if the
  // file belongs to another member).
  int64_t load_cursor(const std::string& member_id) const;
  Status save_cursor(const std::string& member_id, int64_t seq) const;

 private:
  std::filesystem::path session_file() const { return dir_ / "session.json"; }
  std::filesystem::path cursor_file() const { return dir_ / "cursor.json"; }
  Status write_private(const std::filesystem::path& file, const std::string& text) const;
  std::filesystem::path dir_;
};

}  // namespace souk::client
