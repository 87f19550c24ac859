#include "client/core/store.hpp"

#include <algorithm>

namespace souk::client {

int ConnectionState::seconds_until_retry(SteadyTime now) const {
  if (retry_at <= now) return 0;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(retry_at - now).count();
  return static_cast<int>((ms + 999) / 1000);
}

std::string ConnectionState::describe(SteadyTime now) const {
  switch (phase) {
    case Phase::kStarting:
      return "Starting…";
    case Phase::kSignedOut:
      return "Offline";
    case Phase::kSigningIn:
      return "Signing in to " + server + "…";
    case Phase::kConnected:
      return "Connected · " + server;
    case Phase::kReconnecting: {
      const int s = seconds_until_retry(now);
      return s > 0 ? "Reconnecting in " + std::to_string(s) + " s" : "Reconnecting…";
    }
  }
  return "Offline";
}

const MemberCard* ContactBook::find(const std::string& member_id) const {
  auto it = cards.find(member_id);
  return it == cards.end() ? nullptr : &it->second;
}

int ContactBook::online_in(const ContactGroupEntry& group) const {
  return static_cast<int>(std::count_if(group.members.begin(), group.members.end(), [&](auto& m) {
    const auto* card = find(m);
    return card != nullptr && card->is_online();
  }));
}

MessageState Chat::state_of(const ChatMessage& m) const {
  if (!m.failed.empty()) return MessageState::kFailed;
  if (m.pending) return MessageState::kNotSent;
  if (!m.outgoing) return MessageState::kIncoming;
  if (m.seq <= peer_read_seq) return MessageState::kRead;
  if (m.seq <= peer_delivered_seq) return MessageState::kDelivered;
  return MessageState::kSent;
}

std::vector<std::string> Chat::typing(SteadyTime now) const {
  std::vector<std::string> who;
  for (const auto& [member, until] : typing_until) {
    if (until > now) who.push_back(member);
  }
  return who;
}

const ChatMessage* Chat::last_message() const {
  return messages.empty() ? nullptr : &messages.back();
}

std::string message_preview(const ChatMessage& m, size_t max_bytes) {
  std::string line;
  bool more = false;  // the line is not all there is
  if (!m.text.empty() || m.attachments.empty()) {
    const size_t newline = m.text.find('\n');
    line = m.text.substr(0, newline);
    more = newline != std::string::npos;
  } else {
    const auto& first = m.attachments.front();
    // As the bubble tells them apart: a photo is what the server could measure.
    line = (first.width() > 0 && first.height() > 0 ? "[Photo] " : "[File] ") + first.name();
    if (m.attachments.size() > 1) line += " +" + std::to_string(m.attachments.size() - 1);
  }
  if (line.size() > max_bytes) {
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    line.resize(end);
    more = true;
  }
  return more ? line + "…" : line;
}

const Chat* Store::chat(const ChatKey& id) const {
  auto it = chats.find(id);
  return it == chats.end() ? nullptr : &it->second;
}

Chat* Store::chat(const ChatKey& id) {
  auto it = chats.find(id);
  return it == chats.end() ? nullptr : &it->second;
}

Chat* Store::chat_by_conversation(int64_t conversation_id) {
  if (conversation_id <= 0) return nullptr;
  for (auto& [id, c] : chats) {
    if (c.conversation_id == conversation_id) return &c;
  }
  return nullptr;
}

std::vector<const Chat*> Store::recent() const {
  std::vector<const Chat*> out;
  for (const auto& [id, c] : chats) {
    if (c.last_activity_ms > 0 || !c.messages.empty()) out.push_back(&c);
  }
  std::stable_sort(out.begin(), out.end(), [](const Chat* a, const Chat* b) {
    return a->last_activity_ms > b->last_activity_ms;
  });
  return out;
}

int64_t Store::total_unread() const {
  int64_t n = 0;
  for (const auto& [id, c] : chats) n += c.unread;
  return n;
}

int64_t Store::unread_from(const std::string& member_id) const {
  const auto* c = chat(ChatKey::direct(member_id));
  return c == nullptr ? 0 : c->unread;
}

ChatMessage* Store::message(int64_t conversation_id, int64_t message_id) {
  Chat* c = chat_by_conversation(conversation_id);
  if (c == nullptr) return nullptr;
  // Recent messages are the ones translated and looked up: search from the end.
  for (auto it = c->messages.rbegin(); it != c->messages.rend(); ++it) {
    if (it->id == message_id) return &*it;
  }
  return nullptr;
}

}  // namespace souk::client
