#include "client/core/store_groups.hpp"

#include <set>

namespace souk::client {

Chat& group_chat(Store& store, int64_t conversation_id) {
  const ChatKey id = ChatKey::group(conversation_id);
  Chat& chat = store.chats[id];
  chat.id = id;
  chat.conversation_id = conversation_id;
  chat.group = true;
  chat.peer.clear();
  if (chat.title.empty()) chat.title = id.name();
  return chat;
}

void apply_group(Store& store, const v1::GroupChat& g) {
  Chat& chat = group_chat(store, g.conversation_id());
  if (!g.name().empty()) chat.title = g.name();
  if (chat.last_activity_ms == 0) chat.last_activity_ms = g.created_at_ms();
  GroupInfo& info = store.groups.by_chat[chat.id];
  info.conversation_id = g.conversation_id();
  info.name = g.name();
  info.owner = g.owner_member_id();
  info.my_role = g.my_role();
  info.member_count = g.member_count();
  info.left = false;
}

void apply_group_list(Store& store, const v1::ListGroupChatsResponse& list) {
  std::set<ChatKey> listed;
  for (const auto& g : list.groups()) {
    apply_group(store, g);
    listed.insert(ChatKey::group(g.conversation_id()));
    Chat& chat = *store.chat(ChatKey::group(g.conversation_id()));
    chat.unread = g.unread_count();
    chat.last_seq = std::max(chat.last_seq, g.last_seq());
  }
  for (auto& [id, info] : store.groups.by_chat) {
    if (!listed.contains(id)) info.left = true;
  }
}

namespace {

// Someone in a group change: the signed-in user is "You" (or "you" after the verb).
std::string person(const Store& store, const std::string& member_id, bool first_word) {
  if (!member_id.empty() && member_id == store.me.member_id) return first_word ? "You" : "you";
  return member_name(store, member_id);
}

}  // namespace

void apply_group_members(Store& store, int64_t conversation_id,
                         const v1::GetMembersResponse& reply) {
  GroupInfo& info = store.groups.by_chat[ChatKey::group(conversation_id)];
  info.conversation_id = conversation_id;
  info.members.clear();
  for (const auto& m : reply.members()) {
    GroupMemberEntry e;
    e.member_id = m.member_id();
    e.display_name = m.display_name();
    e.role = m.role();
    e.presence = m.presence().state() == v1::PRESENCE_UNSPECIFIED ? v1::PRESENCE_OFFLINE
                                                                  : m.presence().state();
    e.status_text = m.presence().status_text();
    e.last_seen_ms = m.presence().last_seen_ms();
    if (e.member_id == store.me.member_id) {
      info.my_role = e.role;
      e.presence = store.me.presence;  // as I set it, not as others see it
    }
    if (e.role == v1::GROUP_ROLE_OWNER) info.owner = e.member_id;
    info.members.push_back(std::move(e));
  }
  info.member_count = static_cast<int>(info.members.size());
  name_group_changes(store);
  info.members_loaded = true;
  info.members_loading = false;
  info.left = false;
}

void mark_group_left(Store& store, int64_t conversation_id) {
  GroupInfo& info = store.groups.by_chat[ChatKey::group(conversation_id)];
  info.conversation_id = conversation_id;
  info.left = true;
  info.members.clear();
  info.members_loaded = true;
  info.members_loading = false;
  info.busy = false;
}

void apply_group_presence(Store& store, const v1::Presence& p) {
  const auto state = p.state() == v1::PRESENCE_UNSPECIFIED ? v1::PRESENCE_OFFLINE : p.state();
  for (auto& [id, info] : store.groups.by_chat) {
    for (auto& m : info.members) {
      if (m.member_id != p.member_id()) continue;
      m.presence = state;
      m.status_text = p.status_text();
      m.last_seen_ms = p.last_seen_ms();
    }
  }
}

std::string member_name(const Store& store, const std::string& member_id) {
  if (member_id == store.me.member_id && !store.me.display_name.empty()) {
    return store.me.display_name;
  }
  if (const auto* card = store.contacts.find(member_id); card && !card->display_name.empty()) {
    return card->display_name;
  }
  for (const auto& [id, info] : store.groups.by_chat) {
    if (const auto* m = info.member(member_id); m != nullptr) return m->name();
  }
  return member_id;
}

std::string group_change_text(const Store& store, const ChatMessage& m) {
  using Kind = v1::GroupSystemEvent;
  const auto& c = m.change;
  const std::string actor = person(store, m.sender, true);
  const std::string member = person(store, c.member_id(), false);
  switch (c.kind()) {
    case Kind::KIND_CREATED:
      return actor + " created the group \"" + c.name() + "\"";
    case Kind::KIND_MEMBER_ADDED:
      return actor + " added " + member;
    case Kind::KIND_MEMBER_LEFT:
      return person(store, c.member_id().empty() ? m.sender : c.member_id(), true) + " left";
    case Kind::KIND_MEMBER_REMOVED:
      return actor + " removed " + member;
    case Kind::KIND_RENAMED:
      return actor + " renamed the group to \"" + c.name() + "\"";
    case Kind::KIND_ADMIN_GRANTED:
      return actor + " made " + member + " an admin";
    case Kind::KIND_ADMIN_REVOKED:
      return actor + " took admin rights from " + member;
    case Kind::KIND_OWNER_CHANGED:
      return actor + " handed ownership to " + member;
    case Kind::KIND_HISTORY_VISIBILITY_CHANGED:
      return actor + (c.name() == "full"
                          ? " let new members read the whole history"
                          : " let new members read only what is said after they join");
    default:
      return m.text;  // a change this client does not know: the server's own words
  }
}

void name_group_changes(Store& store) {
  for (auto& [id, chat] : store.chats) {
    if (!chat.group) continue;
    for (auto& m : chat.messages) {
      if (m.system) m.text = group_change_text(store, m);
    }
  }
}

}  // namespace souk::client
