#include "client/cli/chat_json.hpp"

#include <ctime>

namespace souk::cli {

namespace {

const char* context_kind(v1::MessageContext::Kind k) {
  return k == v1::MessageContext::KIND_ORDER ? "order" : "product";
}

const char* receipt_kind(v1::Receipt::Kind k) {
  return k == v1::Receipt::KIND_READ ? "read" : "delivered";
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

nlohmann::json message_json(const v1::Message& m) {
  nlohmann::json j = {{"id", m.id()},
                      {"conversation_id", m.conversation_id()},
                      {"seq", m.seq()},
                      {"sender", m.sender()},
                      {"client_msg_id", m.client_msg_id()},
                      {"text", m.text()},
                      {"server_time_ms", m.server_time_ms()}};
  if (!m.lang().empty()) j["lang"] = m.lang();
  if (m.has_context()) {
    j["context"] = {{"kind", context_kind(m.context().kind())},
                    {"id", m.context().id()},
                    {"title", m.context().title()},
                    {"url", m.context().url()}};
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
    default:
      j["type"] = "unknown";  // a newer server; nothing to show yet
  }
  return j;
}

std::string message_line(const v1::Message& m) {
  std::string line = "#" + std::to_string(m.seq()) + " " + local_time(m.server_time_ms()) + " " +
                     m.sender() + ": ";
  if (m.has_context()) {
    line += "[" + std::string(context_kind(m.context().kind())) + " " + m.context().id();
    if (!m.context().title().empty()) line += " " + m.context().title();
    line += "] ";
  }
  return line + m.text();
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
    default:
      return prefix + "(an event this souk-cli does not know)";
  }
}

}  // namespace souk::cli
