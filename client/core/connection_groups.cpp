// The parts of Connection that bring group chats down: the list of the user's groups and a
// group's members with their presence.
#include "client/core/connection.hpp"
#include "client/core/store_groups.hpp"

namespace souk::client {

void Connection::refresh_groups() {
  if (!online_) return;
  auto list = groups_->list();
  if (!list) {
    if (!handle_failure(list.status())) {
      ui_.post([why = list.status().message()](Store& s) { s.errors.general = why; });
    }
    return;
  }
  ui_.post([list = *list](Store& s) { apply_group_list(s, list); });
}

void Connection::refresh_group_members(int64_t conversation_id) {
  if (!online_) return;
  auto reply = groups_->members(conversation_id);
  if (!reply) {
    const Code code = reply.status().code();
    if (code == Code::kPermissionDenied || code == Code::kNotFound) {
      ui_.post([conversation_id](Store& s) { mark_group_left(s, conversation_id); });
    } else if (!handle_failure(reply.status())) {
      ui_.post([conversation_id, why = reply.status().message()](Store& s) {
        GroupInfo& info = s.groups.by_chat[ChatKey::group(conversation_id)];
        info.members_loading = false;
        info.error = why;
      });
    }
    return;
  }
  ui_.post([conversation_id, members = *reply](Store& s) {
    apply_group_members(s, conversation_id, members);
  });
}

}  // namespace souk::client
