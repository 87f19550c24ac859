#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace souk::client {

// A chat's key in the store: the peer's member ID for a direct chat (known before the
// server gave the conversation an id, e.g. while composing offline), the conversation id
// for a group. Like the server's ConversationTarget, it says which of the two it is: it is
// made only by name (ChatKey::direct, ChatKey::group), never from a bare string, so a
// member ID cannot pass for a group or the other way round.
class ChatKey {
 public:
  ChatKey() = default;  // no chat
  static ChatKey direct(std::string peer_member_id) {
    ChatKey key;
    key.peer_ = std::move(peer_member_id);
    return key;
  }
  static ChatKey group(int64_t conversation_id) {
    ChatKey key;
    key.group_ = conversation_id;
    return key;
  }
  // Reads name()'s text back (the outbox keeps it): nullopt for text that names no chat.
  static std::optional<ChatKey> parse(std::string_view text);

  bool empty() const { return group_ <= 0 && peer_.empty(); }
  bool is_group() const { return group_ > 0; }
  // Direct chats: the other member. Empty for a group.
  const std::string& peer() const { return peer_; }
  // Groups: the conversation id. 0 for a direct chat.
  int64_t group_id() const { return group_; }
  // Stable text for widget ids, the UI probe and the outbox: the member ID, or "#<id>" for
  // a group ('#' is never part of a member ID).
  std::string name() const;

  friend auto operator<=>(const ChatKey&, const ChatKey&) = default;
  friend bool operator==(const ChatKey&, const ChatKey&) = default;

 private:
  int64_t group_ = 0;
  std::string peer_;
};

}  // namespace souk::client

template <>
struct std::hash<souk::client::ChatKey> {
  size_t operator()(const souk::client::ChatKey& key) const noexcept {
    return key.is_group() ? std::hash<int64_t>{}(key.group_id())
                          : std::hash<std::string>{}(key.peer());
  }
};
