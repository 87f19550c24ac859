#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "client/core/chat_key.hpp"
#include "souk/v1/contacts.pb.h"
#include "souk/v1/groups.pb.h"

namespace souk::client {

// A member of a group chat as the member list shows them.
struct GroupMemberEntry {
  std::string member_id;
  std::string display_name;
  v1::GroupRole role = v1::GROUP_ROLE_MEMBER;
  v1::PresenceState presence = v1::PRESENCE_OFFLINE;
  std::string status_text;
  int64_t last_seen_ms = 0;

  const std::string& name() const { return display_name.empty() ? member_id : display_name; }
};

// What the client knows of one group chat besides its messages (those live in its Chat).
struct GroupInfo {
  int64_t conversation_id = 0;
  std::string name;
  std::string owner;
  v1::GroupRole my_role = v1::GROUP_ROLE_MEMBER;
  int member_count = 0;
  // Owner, then admins, then members (as GetMembers gives them).
  std::vector<GroupMemberEntry> members;
  bool members_loaded = false;
  bool members_loading = false;
  bool busy = false;   // an add, remove or leave is in flight
  bool left = false;   // removed or left: history stays readable, nothing more
  std::string error;   // the last refusal, in the user's words
  std::string notice;  // the last change made here ("Li Wei was removed")

  bool can_manage() const {
    return !left && (my_role == v1::GROUP_ROLE_OWNER || my_role == v1::GROUP_ROLE_ADMIN);
  }
  // The owner removes anyone else; an admin removes plain members.
  bool can_remove(const GroupMemberEntry& member) const;
  // Anyone but the owner, unless the owner is the last member.
  bool can_leave() const;
  const GroupMemberEntry* member(const std::string& member_id) const;
};

// Group chats by their key, and the "New group" dialog's request.
struct GroupBook {
  std::map<ChatKey, GroupInfo> by_chat;
  bool creating = false;
  std::string create_error;
  ChatKey created;  // the group the last Create made

  const GroupInfo* find(const ChatKey& chat) const;
  GroupInfo* find(const ChatKey& chat);
};

// "owner", "admin" or "member".
const char* role_label(v1::GroupRole role);

}  // namespace souk::client
