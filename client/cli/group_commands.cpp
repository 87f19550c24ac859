#include "client/cli/group_commands.hpp"

#include <iostream>
#include <sstream>
#include <vector>

#include "client/cli/chat_json.hpp"
#include "client/core/group_state.hpp"

namespace souk::cli {

namespace {

nlohmann::json group_chat_json(const v1::GroupChat& g) {
  return {{"conversation_id", g.conversation_id()},
          {"name", g.name()},
          {"owner", g.owner_member_id()},
          {"my_role", client::role_label(g.my_role())},
          {"member_count", g.member_count()},
          {"history", g.history_visibility() == v1::HISTORY_VISIBILITY_FULL ? "full" : "join"},
          {"last_seq", g.last_seq()},
          {"unread", g.unread_count()}};
}

std::string group_chat_line(const v1::GroupChat& g) {
  return std::to_string(g.conversation_id()) + "  " + g.name() + "  (" +
         std::to_string(g.member_count()) + " members, owner " + g.owner_member_id() +
         ", you are " + client::role_label(g.my_role()) + ")  unread " +
         std::to_string(g.unread_count());
}

std::vector<std::string> split_ids(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string id; std::getline(in, id, ',');) {
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

struct Args {
  std::string group, name, members, history = "join";
  std::vector<std::string> ids;
  bool on = false, off = false;
  int64_t seq = 0;
};

// Runs `act` with a group client and the resolved group id, then prints `done`.
using GroupAction = std::function<Status(client::GroupClient&, int64_t)>;
int run_on_group(const CliContext& ctx, const std::string& group, const GroupAction& act,
                 const std::string& done) {
  auto id = resolve_group_chat(ctx, group);
  if (!id) return ctx.out().error(id.status());
  auto groups = ctx.group_client();
  if (!groups) return ctx.out().error(groups.status());
  if (auto s = act(*groups, *id); !s.ok()) return ctx.out().error(s);
  ctx.out().result({{"conversation_id", *id}, {"done", done}}, done);
  return 0;
}

int run_create(const CliContext& ctx, const Args& a) {
  auto groups = ctx.group_client();
  if (!groups) return ctx.out().error(groups.status());
  v1::CreateGroupChatRequest request;
  request.set_name(a.name);
  for (const auto& id : split_ids(a.members)) request.add_member_ids(id);
  request.set_history_visibility(a.history == "full" ? v1::HISTORY_VISIBILITY_FULL
                                                     : v1::HISTORY_VISIBILITY_FROM_JOIN);
  auto created = groups->create(request);
  if (!created) return ctx.out().error(created.status());
  ctx.out().result(group_chat_json(created->group()),
                   "created group " + group_chat_line(created->group()));
  return 0;
}

int run_add(const CliContext& ctx, const Args& a) {
  return run_on_group(
      ctx, a.group,
      [&](client::GroupClient& groups, int64_t id) {
        v1::AddMembersRequest request;
        request.set_conversation_id(id);
        for (const auto& m : a.ids) request.add_member_ids(m);
        return groups.add_members(request).status();
      },
      "added to " + a.group);
}

int run_list(const CliContext& ctx) {
  auto groups = ctx.group_client();
  if (!groups) return ctx.out().error(groups.status());
  auto list = groups->list();
  if (!list) return ctx.out().error(list.status());
  for (const auto& g : list->groups()) ctx.out().result(group_chat_json(g), group_chat_line(g));
  if (list->groups().empty() && !ctx.out().json()) std::cout << "no group chats" << std::endl;
  return 0;
}

int run_members(const CliContext& ctx, const Args& a) {
  auto id = resolve_group_chat(ctx, a.group);
  if (!id) return ctx.out().error(id.status());
  auto groups = ctx.group_client();
  if (!groups) return ctx.out().error(groups.status());
  auto members = groups->members(*id);
  if (!members) return ctx.out().error(members.status());
  for (const auto& m : members->members()) {
    ctx.out().result({{"member_id", m.member_id()},
                      {"display_name", m.display_name()},
                      {"role", client::role_label(m.role())},
                      {"presence", presence_name(m.presence().state())},
                      {"joined_at_ms", m.joined_at_ms()}},
                     m.member_id() + " (" + m.display_name() + ")  " +
                         client::role_label(m.role()) + "  " + presence_text(m.presence()));
  }
  return 0;
}

int run_receipts(const CliContext& ctx, const Args& a) {
  auto id = resolve_group_chat(ctx, a.group);
  if (!id) return ctx.out().error(id.status());
  auto groups = ctx.group_client();
  if (!groups) return ctx.out().error(groups.status());
  auto r = groups->receipts(*id, a.seq);
  if (!r) return ctx.out().error(r.status());
  const auto& c = r->receipts();
  ctx.out().result({{"seq", c.seq()},
                    {"member_count", c.member_count()},
                    {"delivered", c.delivered_count()},
                    {"read", c.read_count()},
                    {"delivered_to", r->delivered_to()},
                    {"read_by", r->read_by()}},
                   "#" + std::to_string(c.seq()) + " delivered to " +
                       std::to_string(c.delivered_count()) + " of " +
                       std::to_string(c.member_count()) + ", read by " +
                       std::to_string(c.read_count()));
  return 0;
}

}  // namespace

std::optional<int64_t> parse_positive_id(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const long long id = std::stoll(s);
  if (id > 0) return id;
  return std::nullopt;
}

Result<int64_t> resolve_group_chat(const CliContext& ctx, const std::string& group) {
  if (auto id = parse_positive_id(group)) return *id;
  auto groups = ctx.group_client();
  if (!groups) return groups.status();
  auto list = groups->list();
  if (!list) return list.status();
  std::vector<int64_t> named;
  for (const auto& g : list->groups()) {
    if (g.name() == group) named.push_back(g.conversation_id());
  }
  if (named.size() == 1) return named.front();
  if (named.size() > 1) {
    return invalid_argument("several of your groups are named '" + group +
                            "'; give the id instead (souk-cli group list shows them)");
  }
  return not_found("you are in no group named '" + group + "' (souk-cli group list)");
}

void add_group_commands(CLI::App& app, CommandRunner& chosen) {
  auto* g = app.add_subcommand("group", "group chats: create, manage and list them");
  g->require_subcommand(1);
  const std::string group_help = "group conversation id, or its exact name";
  auto leaf = [&chosen, g](const std::string& name, const std::string& help,
                           std::function<int(const CliContext&, const Args&)> run) {
    auto args = std::make_shared<Args>();
    auto* cmd = g->add_subcommand(name, help);
    cmd->callback([&chosen, args, run] {
      chosen = [args, run](const CliContext& c) { return run(c, *args); };
    });
    return std::make_pair(cmd, args);
  };

  auto [create, c] = leaf("create", "make a group chat; you become its owner", run_create);
  create->add_option("NAME", c->name, "group name")->required();
  create->add_option("--members", c->members, "member IDs to add, comma-separated: a,b,c");
  create->add_option("--history", c->history, "what members added later may read: join or full")
      ->check(CLI::IsMember({"join", "full"}));

  auto [add, ad] = leaf("add", "add members (owner and admins)", run_add);
  add->add_option("GROUP", ad->group, group_help)->required();
  add->add_option("ID", ad->ids, "member IDs")->required();

  auto [remove, rm] = leaf("remove", "remove a member (owner and admins)",
                           [](const CliContext& ctx, const Args& a) {
                             return run_on_group(
                                 ctx, a.group,
                                 [&](client::GroupClient& groups, int64_t id) {
                                   v1::RemoveMemberRequest r;
                                   r.set_conversation_id(id);
                                   r.set_member_id(a.ids.front());
                                   return groups.remove_member(r);
                                 },
                                 "removed " + a.ids.front());
                           });
  remove->add_option("GROUP", rm->group, group_help)->required();
  remove->add_option("ID", rm->ids, "member ID")->required()->expected(1);

  auto [leave, lv] = leaf(
      "leave", "leave a group (an owner hands it over first)",
      [](const CliContext& ctx, const Args& a) {
        return run_on_group(
            ctx, a.group, [](client::GroupClient& groups, int64_t id) { return groups.leave(id); },
            "left " + a.group);
      });
  leave->add_option("GROUP", lv->group, group_help)->required();

  auto [rename, rn] =
      leaf("rename", "rename a group (owner and admins)", [](const CliContext& ctx, const Args& a) {
        return run_on_group(
            ctx, a.group,
            [&](client::GroupClient& groups, int64_t id) {
              v1::RenameGroupRequest r;
              r.set_conversation_id(id);
              r.set_name(a.name);
              return groups.rename(r).status();
            },
            "renamed to " + a.name);
      });
  rename->add_option("GROUP", rn->group, group_help)->required();
  rename->add_option("NAME", rn->name, "new name")->required();

  auto [admin, adm] =
      leaf("admin", "make a member an admin, or not (owner only)",
           [](const CliContext& ctx, const Args& a) {
             if (a.on == a.off) {
               std::cerr << "souk-cli: group admin needs --on or --off\n";
               return 2;
             }
             return run_on_group(
                 ctx, a.group,
                 [&](client::GroupClient& groups, int64_t id) {
                   v1::SetAdminRequest r;
                   r.set_conversation_id(id);
                   r.set_member_id(a.ids.front());
                   r.set_admin(a.on);
                   return groups.set_admin(r);
                 },
                 a.ids.front() + (a.on ? " is now an admin" : " is no longer an admin"));
           });
  admin->add_option("GROUP", adm->group, group_help)->required();
  admin->add_option("ID", adm->ids, "member ID")->required()->expected(1);
  auto* on = admin->add_flag("--on", adm->on, "make them an admin");
  auto* off = admin->add_flag("--off", adm->off, "take admin rights away");
  on->excludes(off);

  auto [owner, ow] = leaf("owner", "hand ownership to another member (owner only)",
                          [](const CliContext& ctx, const Args& a) {
                            return run_on_group(
                                ctx, a.group,
                                [&](client::GroupClient& groups, int64_t id) {
                                  v1::TransferOwnershipRequest r;
                                  r.set_conversation_id(id);
                                  r.set_member_id(a.ids.front());
                                  return groups.transfer_ownership(r);
                                },
                                a.ids.front() + " now owns the group");
                          });
  owner->add_option("GROUP", ow->group, group_help)->required();
  owner->add_option("ID", ow->ids, "member ID of the new owner")->required()->expected(1);

  leaf("list", "list your group chats, most recent first",
       [](const CliContext& ctx, const Args&) { return run_list(ctx); });

  auto [members, mb] = leaf("members", "list a group's members with their presence", run_members);
  members->add_option("GROUP", mb->group, group_help)->required();

  auto [receipts, rc] = leaf("receipts", "who received and read one message", run_receipts);
  receipts->add_option("GROUP", rc->group, group_help)->required();
  receipts->add_option("SEQ", rc->seq, "the message's seq")->required();
}

}  // namespace souk::cli
