#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.hpp"

namespace souk {

inline constexpr int64_t kDefaultMaxMessageBytes = 64LL << 20;
inline constexpr size_t kClientMsgIdMaxBytes = 64;
inline constexpr size_t kLangTagMaxBytes = 35;  // the longest BCP 47 tags in real use
inline constexpr size_t kContextIdMaxBytes = 128;
inline constexpr size_t kContextTitleMaxChars = 256;
inline constexpr size_t kContextUrlMaxBytes = 2048;

// Text of any length up to max_bytes (RESOURCE_EXHAUSTED naming the limit past it), valid
// UTF-8, not empty unless something else (an attachment) carries the message.
Status validate_message_text(std::string_view text, int64_t max_bytes, bool has_attachment);
Status validate_client_msg_id(std::string_view id);
Status validate_lang_tag(std::string_view tag);  // empty is fine: "not declared"
Status validate_message_context(int kind, std::string_view id, std::string_view title,
                                std::string_view url);

}  // namespace souk
