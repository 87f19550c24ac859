#pragma once

#include <cstdint>
#include <string>

#include "client/core/store.hpp"
#include "souk/v1/contacts.pb.h"
#include "souk/v1/groups.pb.h"

namespace souk::client {

// How group chats land in the Store (UI thread only, idempotent like store_updates.hpp).

// The chat of a group conversation, created empty (and marked a group) if new.
Chat& group_chat(Store& store, int64_t conversation_id);
// A group as ListGroupChats, CreateGroupChat or AddMembers describe it: its chat and its
// GroupInfo.
void apply_group(Store& store, const v1::GroupChat& group);
// The caller's groups now: any group of ours missing from the list was left.
void apply_group_list(Store& store, const v1::ListGroupChatsResponse& list);
void apply_group_members(Store& store, int64_t conversation_id,
                         const v1::GetMembersResponse& members);
// Removed, or left: the history stays readable, the member list and actions go.
void mark_group_left(Store& store, int64_t conversation_id);
// Live presence of people in the member lists.
void apply_group_presence(Store& store, const v1::Presence& presence);

// The name to show for `member_id`: a contact's, or a group member's, else the ID.
std::string member_name(const Store& store, const std::string& member_id);

// A group change in words, with people by name and the signed-in user as "You":
// "You created the group "Tea fair"", "Anna added Li Wei", "Li Wei removed you".
std::string group_change_text(const Store& store, const ChatMessage& change);
// Words the group changes again: called when names arrive (contacts, member lists), so a
// line written before its people were known names them now.
void name_group_changes(Store& store);

}  // namespace souk::client
