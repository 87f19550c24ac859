#include "client/core/chat_key.hpp"

#include <charconv>

namespace souk::client {

std::optional<ChatKey> ChatKey::parse(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() != '#') return direct(std::string(text));
  int64_t id = 0;
  const char* end = text.data() + text.size();
  const auto [at, ec] = std::from_chars(text.data() + 1, end, id);
  if (ec != std::errc() || at != end || id <= 0) return std::nullopt;
  return group(id);
}

std::string ChatKey::name() const {
  return is_group() ? "#" + std::to_string(group_) : peer_;
}

}  // namespace souk::client
