#include "client/cli/chat_json.hpp"

#include "client/cli/translation_json.hpp"
#include "client/core/local_file.hpp"

#include <cstdio>
#include <ctime>

namespace souk::cli {

namespace {

const char* context_kind(v1::MessageContext::Kind k) {
  return k == v1::MessageContext::KIND_ORDER ? "order" : "product";
}

const char* receipt_kind(v1::Receipt::Kind k) {
  return k == v1::Receipt::KIND_READ ? "read" : "delivered";
}

const char* contact_kind(v1::ContactEvent::Kind k) {
  switch (k) {
    case v1::ContactEvent::KIND_REQUEST_RECEIVED:
      return "request_received";
    case v1::ContactEvent::KIND_REQUEST_ACCEPTED:
      return "request_accepted";
    case v1::ContactEvent::KIND_REQUEST_DECLINED:
      return "request_declined";
    case v1::ContactEvent::KIND_ADDED_YOU:
      return "added_you";
    case v1::ContactEvent::KIND_CONTACTS_CHANGED:
      return "contacts_changed";
    default:
      return "unknown";
  }
}

std::string contact_line(const v1::ContactEvent& c) {
  const std::string& who = c.member_id();
  switch (c.kind()) {
    case v1::ContactEvent::KIND_REQUEST_RECEIVED:
      return who + " asks to add you";
    case v1::ContactEvent::KIND_REQUEST_ACCEPTED:
      return who + " accepted your contact request";
    case v1::ContactEvent::KIND_REQUEST_DECLINED:
      return who + " declined your contact request";
    case v1::ContactEvent::KIND_ADDED_YOU:
      return who + " added you as a contact";
    case v1::ContactEvent::KIND_CONTACTS_CHANGED:
      return "your contacts changed";
    default:
      return "a contact change this souk-cli does not know" + (who.empty() ? "" : " (" + who + ")");
  }
}

}  // namespace

std::string local_time(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string presence_name(v1::PresenceState state) {
  switch (state) {
    case v1::PRESENCE_ONLINE:
      return "online";
    case v1::PRESENCE_BUSY:
      return "busy";
    case v1::PRESENCE_AWAY:
      return "away";
    case v1::PRESENCE_INVISIBLE:
      return "invisible";
    // Unset reads as offline, which is how the server shows presence it hides.
    case v1::PRESENCE_UNSPECIFIED:
    case v1::PRESENCE_OFFLINE:
      return "offline";
    default:
      return "unknown";  // a state added by a newer server
  }
}

std::string presence_text(const v1::Presence& p) {
  std::string text = presence_name(p.state());
  if (!p.status_text().empty()) text += " — " + p.status_text();
  if (p.state() == v1::PRESENCE_OFFLINE && p.last_seen_ms() > 0) {
    text += ", last seen " + local_time(p.last_seen_ms());
  }
  return text;
}

nlohmann::json presence_json(const v1::Presence& p) {
  return {{"member_id", p.member_id()},
          {"state", presence_name(p.state())},
          {"status_text", p.status_text()},
          {"last_seen_ms", p.last_seen_ms()}};
}

nlohmann::json attachment_json(const v1::Attachment& a) {
  nlohmann::json j = {{"file_id", a.file_id()},
                      {"name", a.name()},
                      {"size", a.size()},
                      {"mime_type", a.mime_type()},
                      {"sha256", a.sha256_hex()},
                      {"uploader", a.uploader()},
                      {"created_at_ms", a.created_at_ms()}};
  if (a.width() > 0) {
    j["width"] = a.width();
    j["height"] = a.height();
  }
  return j;
}

std::string attachment_line(const v1::Attachment& a) {
  std::string line =
      a.file_id() + "  " + a.name() + "  " + client::human_size(a.size()) + "  " + a.mime_type();
  if (a.width() > 0) line += "  " + std::to_string(a.width()) + "x" + std::to_string(a.height());
  return line;
}

nlohmann::json message_json(const v1::Message& m) {
  nlohmann::json j = {{"id", m.id()},
                      {"conversation_id", m.conversation_id()},
                      {"seq", m.seq()},
                      {"sender", m.sender()},
                      {"client_msg_id", m.client_msg_id()},
                      {"text", m.text()},
                      {"server_time_ms", m.server_time_ms()}};
  if (!m.lang().empty()) j["lang"] = m.lang();
  if (m.has_system()) {
    j["system"] = {{"kind", static_cast<int>(m.system().kind())},
                   {"member_id", m.system().member_id()},
                   {"name", m.system().name()}};
  }
  for (const auto& t : m.translations()) j["translations"].push_back(translation_json(t));
  if (m.has_context()) {
    j["context"] = {{"kind", context_kind(m.context().kind())},
                    {"id", m.context().id()},
                    {"title", m.context().title()},
                    {"url", m.context().url()}};
  }
  if (m.attachments_size() > 0) {
    j["attachments"] = nlohmann::json::array();
    for (const auto& a : m.attachments()) j["attachments"].push_back(attachment_json(a));
  }
  return j;
}

nlohmann::json event_json(const v1::Event& e) {
  nlohmann::json j = {{"seq", e.seq()}, {"server_time_ms", e.server_time_ms()}};
  switch (e.kind_case()) {
    case v1::Event::kMessage:
      j["type"] = "message";
      j["message"] = message_json(e.message());
      break;
    case v1::Event::kReceipt:
      j["type"] = "receipt";
      j["receipt"] = {{"kind", receipt_kind(e.receipt().kind())},
                      {"conversation_id", e.receipt().conversation_id()},
                      {"member_id", e.receipt().member_id()},
                      {"up_to_seq", e.receipt().up_to_seq()}};
      break;
    case v1::Event::kTyping:
      j["type"] = "typing";
      j["typing"] = {{"conversation_id", e.typing().conversation_id()},
                     {"member_id", e.typing().member_id()},
                     {"typing", e.typing().typing()}};
      break;
    case v1::Event::kResyncRequired:
      j["type"] = "resync_required";
      j["oldest_available_seq"] = e.resync_required().oldest_available_seq();
      break;
    case v1::Event::kContact:
      j["type"] = "contact";
      j["contact"] = {{"kind", contact_kind(e.contact().kind())},
                      {"member_id", e.contact().member_id()}};
      break;
    case v1::Event::kPresence:
      j["type"] = "presence";
      j["presence"] = presence_json(e.presence());
      break;
    case v1::Event::kMessageTranslated:
      j["type"] = "message_translated";
      j["message_translated"] = translation_json(e.message_translated());
      break;
    case v1::Event::kTranslationSettings:
      j["type"] = "translation_settings";
      j["translation_settings"] = translation_settings_json(e.translation_settings());
      break;
    default:
      j["type"] = "unknown";  // a newer server; nothing to show yet
  }
  return j;
}

std::string message_line(const v1::Message& m) {
  // A group change reads as a sentence of its own, not as something its sender said.
  if (m.has_system()) {
    return "#" + std::to_string(m.seq()) + " " + local_time(m.server_time_ms()) + " * " + m.text();
  }
  std::string line = "#" + std::to_string(m.seq()) + " " + local_time(m.server_time_ms()) + " " +
                     m.sender() + ": ";
  if (m.has_context()) {
    line += "[" + std::string(context_kind(m.context().kind())) + " " + m.context().id();
    if (!m.context().title().empty()) line += " " + m.context().title();
    line += "] ";
  }
  line += m.text();
  // The translation under the original, which stays first.
  for (const auto& t : m.translations()) {
    if (t.state() == v1::TRANSLATION_STATE_DONE)
      line += "\n    [" + t.target_lang() + "] " + t.text();
  }
  for (const auto& a : m.attachments()) line += "\n    [file] " + attachment_line(a);
  return line;
}

std::string event_line(const v1::Event& e) {
  const std::string prefix = "[" + std::to_string(e.seq()) + "] ";
  switch (e.kind_case()) {
    case v1::Event::kMessage:
      return prefix + "conversation " + std::to_string(e.message().conversation_id()) + " " +
             message_line(e.message());
    case v1::Event::kReceipt:
      return prefix + e.receipt().member_id() + " " + receipt_kind(e.receipt().kind()) +
             " conversation " + std::to_string(e.receipt().conversation_id()) + " up to #" +
             std::to_string(e.receipt().up_to_seq());
    case v1::Event::kTyping:
      return e.typing().member_id() + (e.typing().typing() ? " is typing" : " stopped typing") +
             " in conversation " + std::to_string(e.typing().conversation_id());
    case v1::Event::kResyncRequired:
      return "older events were trimmed; history starts at event " +
             std::to_string(e.resync_required().oldest_available_seq());
    case v1::Event::kContact:
      return prefix + contact_line(e.contact());
    case v1::Event::kPresence:  // live only, so no seq to show
      return e.presence().member_id() + " is now " + presence_text(e.presence());
    case v1::Event::kMessageTranslated:
      return prefix + translation_line(e.message_translated());
    case v1::Event::kTranslationSettings:  // live only
      return translation_settings_line(e.translation_settings());
    default:
      return prefix + "(an event this souk-cli does not know)";
  }
}

}  // namespace souk::cli
