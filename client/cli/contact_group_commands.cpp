#include <optional>
#include <vector>

#include "client/cli/contact_commands.hpp"

namespace souk::cli {

namespace {

std::optional<int64_t> parse_id(const std::string& s) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  try {
    const long long id = std::stoll(s);
    if (id > 0) return id;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

struct GroupArgs {
  v1::ContactGroupRequest::Action action = v1::ContactGroupRequest::ACTION_UNSPECIFIED;
  std::string group, name, member_id;
  int32_t position = 0;
};

int run_cgroup(const CliContext& ctx, const GroupArgs& a) {
  using Request = v1::ContactGroupRequest;
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  Request request;
  request.set_action(a.action);
  v1::ContactGroup before;
  if (a.action != Request::ACTION_CREATE) {
    auto group = resolve_group(*contacts, a.group);
    if (!group) return ctx.out().error(group.status());
    before = *group;
    request.set_group_id(before.id());
  }
  request.set_name(a.name);
  request.set_position(a.position);
  request.set_member_id(a.member_id);
  auto edited = contacts->edit_group(request);
  if (!edited) return ctx.out().error(edited.status());
  // A deleted group may come back empty; the one looked up still names it.
  const v1::ContactGroup& g = edited->group().id() != 0 ? edited->group() : before;
  nlohmann::json json = {{"group", group_json(g)}};
  std::string human;
  switch (a.action) {
    case Request::ACTION_CREATE:
      json["action"] = "created";
      human = "created group " + g.name() + " (id " + std::to_string(g.id()) + ")";
      break;
    case Request::ACTION_RENAME:
      json["action"] = "renamed";
      human = "renamed group " + before.name() + " to " + g.name();
      break;
    case Request::ACTION_DELETE:
      json["action"] = "deleted";
      human = "deleted group " + before.name();
      break;
    case Request::ACTION_MOVE_CONTACT:
      json["action"] = "moved_contact";
      json["member_id"] = a.member_id;
      human = "moved " + a.member_id + " to group " + g.name();
      break;
    default:
      json["action"] = "reordered";
      human = "moved group " + g.name() + " to position " + std::to_string(g.position());
  }
  ctx.out().result(json, human);
  return 0;
}

}  // namespace

// GROUP as typed: a group id, else an exact group name. An id wins so that scripts
// passing ids never change meaning when someone names a group "3".
Result<v1::ContactGroup> resolve_group(client::ContactClient& contacts, const std::string& group) {
  auto list = contacts.list();
  if (!list) return list.status();
  if (auto id = parse_id(group)) {
    for (const auto& g : list->groups()) {
      if (g.id() == *id) return g;
    }
  }
  std::vector<const v1::ContactGroup*> named;
  for (const auto& g : list->groups()) {
    if (g.name() == group) named.push_back(&g);
  }
  if (named.size() == 1) return *named.front();
  if (named.size() > 1) {
    return invalid_argument("several contact groups are named '" + group +
                            "'; give the id instead (souk-cli --json contacts lists them)");
  }
  return not_found("no contact group '" + group + "' (souk-cli contacts lists them)");
}

nlohmann::json group_json(const v1::ContactGroup& g) {
  return {{"id", g.id()},
          {"name", g.name()},
          {"position", g.position()},
          {"is_default", g.is_default()}};
}

void add_contact_group_commands(CLI::App& app, CommandRunner& chosen) {
  using Request = v1::ContactGroupRequest;
  auto* cg = app.add_subcommand("cgroup", "create, rename, delete and arrange contact groups");
  cg->require_subcommand(1);
  const std::string group_help = "contact group id, or its exact name";
  // Each subcommand fills its own arguments and names its action.
  auto leaf = [&chosen, cg](const std::string& name, const std::string& help,
                            Request::Action action) {
    auto args = std::make_shared<GroupArgs>();
    args->action = action;
    auto* cmd = cg->add_subcommand(name, help);
    cmd->callback(
        [&chosen, args] { chosen = [args](const CliContext& c) { return run_cgroup(c, *args); }; });
    return std::make_pair(cmd, args);
  };
  auto [create, create_args] = leaf("create", "make a new group", Request::ACTION_CREATE);
  create->add_option("NAME", create_args->name, "group name")->required();
  auto [rename, rename_args] = leaf("rename", "rename a group", Request::ACTION_RENAME);
  rename->add_option("GROUP", rename_args->group, group_help)->required();
  rename->add_option("NEW_NAME", rename_args->name, "new group name")->required();
  auto [del, del_args] = leaf("delete", "delete a group", Request::ACTION_DELETE);
  del->add_option("GROUP", del_args->group, group_help)->required();
  auto [move, move_args] =
      leaf("move", "move a contact into a group", Request::ACTION_MOVE_CONTACT);
  move->add_option("ID", move_args->member_id, "member ID of the contact")->required();
  move->add_option("GROUP", move_args->group, group_help)->required();
  auto [order, order_args] =
      leaf("order", "move a group to another place in the list", Request::ACTION_MOVE_GROUP);
  order->add_option("GROUP", order_args->group, group_help)->required();
  order->add_option("POSITION", order_args->position, "new place in the list, 0 first")
      ->required()
      ->check(CLI::Validator(
          [](const std::string& v) {
            return !v.empty() && v.find_first_not_of("0123456789") == std::string::npos
                       ? std::string()
                       : "must be 0 (first) or more, got '" + v + "'";
          },
          "0 or more"));
}

}  // namespace souk::cli
