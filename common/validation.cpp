#include "common/validation.hpp"

#include <cstdint>

namespace souk {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    size_t extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past Unicode are all invalid.
    static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<uint8_t>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string fold_member_id(std::string_view id) {
  std::string out(id);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status validate_member_id(std::string_view id) {
  if (id.size() < kMemberIdMin || id.size() > kMemberIdMax) {
    return invalid_argument("member ID must be 3 to 32 characters long");
  }
  for (char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return invalid_argument("member ID may contain only a-z, 0-9, '.', '_' and '-'");
    }
  }
  return Status::Ok();
}

namespace {

// C0, DEL and C1 controls. Line breaks in a name would break every list that shows it.
bool has_control_character(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size()) {
      const auto next = static_cast<uint8_t>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return true;
    }
  }
  return false;
}

}  // namespace

Status validate_text_field(std::string_view value, std::string_view what, size_t max_chars) {
  const std::string field(what);
  if (!is_valid_utf8(value)) return invalid_argument(field + " is not valid UTF-8");
  const size_t length = utf8_length(value);
  if (length == 0) return invalid_argument(field + " must not be empty");
  if (length > max_chars) {
    return invalid_argument(field + " must be at most " + std::to_string(max_chars) +
                            " characters");
  }
  if (has_control_character(value)) {
    return invalid_argument(field + " must not contain control characters");
  }
  return Status::Ok();
}

Status validate_display_name(std::string_view name) {
  return validate_text_field(name, "display name", kDisplayNameMaxChars);
}

Status validate_shop_name(std::string_view name) {
  return validate_text_field(name, "shop name", kShopNameMaxChars);
}

Status validate_device_name(std::string_view name) {
  return validate_text_field(name, "device name", kDeviceNameMaxChars);
}

Status validate_password(std::string_view password) {
  if (password.size() > kPasswordMaxBytes) {
    return invalid_argument("password must be at most " + std::to_string(kPasswordMaxBytes) +
                            " bytes");
  }
  if (!is_valid_utf8(password)) return invalid_argument("password is not valid UTF-8");
  if (utf8_length(password) < kPasswordMinChars) {
    return invalid_argument("password must be at least " + std::to_string(kPasswordMinChars) +
                            " characters");
  }
  return Status::Ok();
}

}  // namespace souk
