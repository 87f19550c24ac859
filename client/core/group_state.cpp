#include "client/core/group_state.hpp"

#include <algorithm>

namespace souk::client {

bool GroupInfo::can_remove(const GroupMemberEntry& member) const {
  if (left || member.role == v1::GROUP_ROLE_OWNER) return false;
  if (my_role == v1::GROUP_ROLE_OWNER) return true;
  return my_role == v1::GROUP_ROLE_ADMIN && member.role == v1::GROUP_ROLE_MEMBER;
}

bool GroupInfo::can_leave() const {
  if (left) return false;
  return my_role != v1::GROUP_ROLE_OWNER || member_count <= 1;
}

const GroupMemberEntry* GroupInfo::member(const std::string& member_id) const {
  auto it = std::find_if(members.begin(), members.end(),
                         [&](const GroupMemberEntry& m) { return m.member_id == member_id; });
  return it == members.end() ? nullptr : &*it;
}

const GroupInfo* GroupBook::find(const ChatKey& chat) const {
  auto it = by_chat.find(chat);
  return it == by_chat.end() ? nullptr : &it->second;
}

GroupInfo* GroupBook::find(const ChatKey& chat) {
  auto it = by_chat.find(chat);
  return it == by_chat.end() ? nullptr : &it->second;
}

const char* role_label(v1::GroupRole role) {
  switch (role) {
    case v1::GROUP_ROLE_OWNER:
      return "owner";
    case v1::GROUP_ROLE_ADMIN:
      return "admin";
    default:
      return "member";
  }
}

}  // namespace souk::client
