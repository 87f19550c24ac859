#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace souk {

inline constexpr size_t kMemberIdMin = 3;
inline constexpr size_t kMemberIdMax = 32;
inline constexpr size_t kDisplayNameMaxChars = 64;
inline constexpr size_t kShopNameMaxChars = 64;
inline constexpr size_t kPasswordMinChars = 8;
// Argon2 accepts more, but a password this long is an attack on the hasher, not a password.
inline constexpr size_t kPasswordMaxBytes = 1024;
inline constexpr size_t kDeviceNameMaxChars = 64;

bool is_valid_utf8(std::string_view s);
// Number of code points; only meaningful for valid UTF-8.
size_t utf8_length(std::string_view s);

// Member IDs are compared ignoring case, so they are folded to lower case before use.
std::string fold_member_id(std::string_view id);

// A one-line text a person typed: valid UTF-8, 1..max_chars code points, no control
// characters. `what` names the field in the error.
Status validate_text_field(std::string_view value, std::string_view what, size_t max_chars);

// Each returns OK or INVALID_ARGUMENT with a message a user can act on.
Status validate_member_id(std::string_view folded_id);
Status validate_display_name(std::string_view name);
Status validate_shop_name(std::string_view name);
Status validate_password(std::string_view password);
Status validate_device_name(std::string_view name);

}  // namespace souk
