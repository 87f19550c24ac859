// Group chat commands: create, members, add, remove, leave. Each posts its work to the
// worker thread; results come back as store updates.
#include <cctype>

#include "client/core/commands.hpp"
#include "client/core/connection.hpp"
#include "client/core/store_groups.hpp"

namespace souk::client {

namespace {

// The server words its refusals for people ("only the group's owner and admins may add
// members"); shown as a sentence.
std::string in_words(const Status& status) {
  if (status.code() == Code::kUnavailable) return "Cannot reach the server";
  std::string text = status.message();
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// Runs `change` on the worker for the group behind `chat`; its refusal, or `done`'s notice,
// lands in the group's GroupInfo, and the member list is fetched again after a success.
template <class Change>
void group_change(Store& store, Connection& connection, const ChatKey& chat, Change change) {
  GroupInfo* info = store.groups.find(chat);
  if (info == nullptr || info->conversation_id == 0) return;
  info->busy = true;
  info->error.clear();
  info->notice.clear();
  connection.post([&c = connection, chat, id = info->conversation_id, change] {
    auto finish = [&c, chat](std::string error, std::string notice) {
      c.ui().post([chat, error, notice](Store& s) {
        if (GroupInfo* g = s.groups.find(chat)) {
          g->busy = false;
          g->error = error;
          g->notice = notice;
        }
      });
    };
    if (!c.online()) return finish(kOfflineWords, "");
    std::string notice;
    Status status = change(c.groups(), id, notice);
    if (!status.ok()) {
      if (!c.handle_failure(status)) finish(in_words(status), "");
      return;
    }
    finish("", notice);
    c.refresh_groups();
    c.refresh_group_members(id);
  });
}

}  // namespace

void Commands::create_group(const std::string& name, const std::vector<std::string>& member_ids) {
  store_.groups.creating = true;
  store_.groups.create_error.clear();
  store_.groups.created = {};
  connection_.post([&c = connection_, name, member_ids] {
    auto fail = [&c](const std::string& why) {
      c.ui().post([why](Store& s) {
        s.groups.creating = false;
        s.groups.create_error = why;
      });
    };
    if (!c.online()) return fail(kOfflineWords);
    v1::CreateGroupChatRequest request;
    request.set_name(name);
    for (const auto& id : member_ids) request.add_member_ids(id);
    auto reply = c.groups().create(request);
    if (!reply) {
      if (!c.handle_failure(reply.status())) fail(in_words(reply.status()));
      return;
    }
    c.ui().post([group = reply->group()](Store& s) {
      apply_group(s, group);
      const ChatKey id = ChatKey::group(group.conversation_id());
      s.groups.creating = false;
      s.groups.created = id;
      s.focus = id;
    });
    c.refresh_conversations();
    c.refresh_group_members(reply->group().conversation_id());
  });
}

void Commands::load_members(const ChatKey& chat) {
  GroupInfo* info = store_.groups.find(chat);
  if (info == nullptr || info->conversation_id == 0 || info->members_loading) return;
  info->members_loading = true;
  connection_.post([&c = connection_, id = info->conversation_id] {
    if (!c.online()) return;
    c.refresh_group_members(id);
  });
}

void Commands::add_members(const ChatKey& chat, const std::vector<std::string>& member_ids) {
  if (member_ids.empty()) return;
  const std::string first = member_name(store_, member_ids[0]);
  group_change(store_, connection_, chat,
               [member_ids, first](GroupClient& groups, int64_t id, std::string& notice) {
                 v1::AddMembersRequest request;
                 request.set_conversation_id(id);
                 for (const auto& m : member_ids) request.add_member_ids(m);
                 auto reply = groups.add_members(request);
                 if (reply) {
                   notice = member_ids.size() == 1
                                ? "Added " + first
                                : "Added " + std::to_string(member_ids.size()) + " members";
                 }
                 return reply.status();
               });
}

void Commands::remove_member(const ChatKey& chat, const std::string& member_id) {
  group_change(store_, connection_, chat,
               [member_id, name = member_name(store_, member_id)](GroupClient& groups, int64_t id,
                                                                  std::string& notice) {
                 v1::RemoveMemberRequest request;
                 request.set_conversation_id(id);
                 request.set_member_id(member_id);
                 Status status = groups.remove_member(request);
                 if (status.ok()) notice = "Removed " + name;
                 return status;
               });
}

void Commands::leave_group(const ChatKey& chat) {
  group_change(store_, connection_, chat, [](GroupClient& groups, int64_t id, std::string& notice) {
    Status status = groups.leave(id);
    if (status.ok()) notice = "You left this group";
    return status;
  });
}

}  // namespace souk::client
