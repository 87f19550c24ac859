#include "common/message_validation.hpp"

#include <string>

#include "common/validation.hpp"

namespace souk {

namespace {

bool printable_ascii(std::string_view s) {
  for (char c : s) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

}  // namespace

Status validate_message_text(std::string_view text, int64_t max_bytes, bool has_attachment) {
  if (static_cast<int64_t>(text.size()) > max_bytes) {
    return resource_exhausted("message is " + std::to_string(text.size()) +
                              " bytes; max_message_bytes is " + std::to_string(max_bytes));
  }
  if (text.empty() && !has_attachment) {
    return invalid_argument("a message needs text or an attachment");
  }
  if (!is_valid_utf8(text)) return invalid_argument("message text is not valid UTF-8");
  return Status::Ok();
}

Status validate_client_msg_id(std::string_view id) {
  if (id.empty() || id.size() > kClientMsgIdMaxBytes || !printable_ascii(id)) {
    return invalid_argument("client_msg_id must be 1 to 64 printable ASCII characters");
  }
  return Status::Ok();
}

Status validate_lang_tag(std::string_view tag) {
  if (tag.size() > kLangTagMaxBytes) return invalid_argument("language tag is too long");
  for (char c : tag) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return invalid_argument("language tag must look like 'en' or 'pt-BR'");
  }
  return Status::Ok();
}

Status validate_message_context(int kind, std::string_view id, std::string_view title,
                                std::string_view url) {
  if (kind == 0) {
    if (!id.empty() || !title.empty() || !url.empty()) {
      return invalid_argument("a message context needs a kind: product or order");
    }
    return Status::Ok();
  }
  if (kind != 1 && kind != 2) return invalid_argument("context kind must be product or order");
  if (id.empty() || id.size() > kContextIdMaxBytes || !printable_ascii(id)) {
    return invalid_argument("context id must be 1 to 128 printable ASCII characters");
  }
  if (!title.empty()) {
    if (auto s = validate_text_field(title, "context title", kContextTitleMaxChars); !s.ok()) {
      return s;
    }
  }
  if (url.size() > kContextUrlMaxBytes || !printable_ascii(url)) {
    return invalid_argument("context url must be at most 2048 printable ASCII characters");
  }
  return Status::Ok();
}

}  // namespace souk
