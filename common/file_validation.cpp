#include "common/file_validation.hpp"

#include <algorithm>

#include "common/validation.hpp"

namespace souk {

namespace {

constexpr size_t kKeptExtensionMaxBytes = 16;

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

uint32_t decode(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  switch (s.size()) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

bool is_control(uint32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return true;
  if (cp >= 0x80 && cp <= 0x9F) return true;
  // Bidirectional embeddings, overrides and isolates: they reorder what a user reads.
  if (cp >= 0x202A && cp <= 0x202E) return true;
  return cp >= 0x2066 && cp <= 0x2069;
}

// The longest prefix of s (valid UTF-8) that fits in max_bytes without splitting a character.
std::string_view cut(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::string> clean_file_name(std::string_view raw) {
  if (!is_valid_utf8(raw)) return invalid_argument("file name is not valid UTF-8");
  const auto slash = raw.find_last_of("/\\");
  if (slash != std::string_view::npos) raw.remove_prefix(slash + 1);
  std::string kept;
  for (size_t i = 0; i < raw.size();) {
    const size_t n = sequence_length(static_cast<unsigned char>(raw[i]));
    const auto piece = raw.substr(i, n);
    if (!is_control(decode(piece))) kept.append(piece);
    i += n;
  }
  std::string_view name = trim(kept);
  if (name.empty() || name == "." || name == "..") {
    return invalid_argument("file name is empty once path parts and control characters go");
  }
  if (name.size() <= kFileNameMaxBytes) return std::string(name);
  // Too long: shorten the stem, so "report.pdf" stays a .pdf.
  const auto dot = name.rfind('.');
  std::string_view extension;
  if (dot != std::string_view::npos && dot > 0 && name.size() - dot <= kKeptExtensionMaxBytes) {
    extension = name.substr(dot);
  }
  const auto stem = trim(
      cut(name.substr(0, name.size() - extension.size()), kFileNameMaxBytes - extension.size()));
  return std::string(stem) + std::string(extension);
}

Result<std::string> clean_mime_type(std::string_view raw) {
  if (raw.empty()) return std::string(kDefaultMimeType);
  const auto slash = raw.find('/');
  const bool text_ok =
      std::all_of(raw.begin(), raw.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
  if (raw.size() > kMimeTypeMaxBytes || !text_ok || raw.front() == ' ' || slash == 0 ||
      slash == std::string_view::npos || slash + 1 == raw.size()) {
    return invalid_argument("mime_type must look like 'image/png' (at most 127 characters)");
  }
  std::string out(raw);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Status validate_upload_id(std::string_view id) {
  if (id.empty() || id.size() > kUploadIdMaxBytes || !printable_ascii(id)) {
    return invalid_argument("upload_id must be 1 to 64 printable ASCII characters");
  }
  return Status::Ok();
}

Status validate_file_id(std::string_view id) {
  if (id.empty() || id.size() > kFileIdMaxBytes || !printable_ascii(id)) {
    return invalid_argument("file_id must be 1 to 64 printable ASCII characters");
  }
  return Status::Ok();
}

}  // namespace souk
