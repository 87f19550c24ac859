#include "client/cli/contact_commands.hpp"

#include <iostream>
#include <vector>

#include "client/cli/chat_json.hpp"

namespace souk::cli {

namespace {

using MemberRunner = std::function<int(const CliContext&, const std::string&)>;

std::string role_name(v1::Role role) {
  return role == v1::ROLE_SELLER ? "seller" : "buyer";
}

nlohmann::json card_json(const v1::UserCard& u) {
  return {{"member_id", u.member_id()},
          {"display_name", u.display_name()},
          {"role", role_name(u.role())},
          {"shop_name", u.shop_name()},
          {"presence", presence_name(u.presence().state())},
          {"status_text", u.presence().status_text()},
          {"is_contact", u.is_contact()},
          {"request_pending", u.request_pending()}};
}

// "seller.li (Li Wei)": the ID to type, and the name a person recognises.
std::string card_name(const v1::UserCard& u) {
  if (u.display_name().empty()) return u.member_id();
  return u.member_id() + " (" + u.display_name() + ")";
}

std::string card_list(const google::protobuf::RepeatedPtrField<v1::UserCard>& cards) {
  std::string out;
  for (const auto& c : cards) out += (out.empty() ? "" : ", ") + card_name(c);
  return out;
}

// Busy and away people are at their keyboard too; only offline (or hidden) ones are not.
bool is_online(const v1::Presence& p) {
  return p.state() == v1::PRESENCE_ONLINE || p.state() == v1::PRESENCE_BUSY ||
         p.state() == v1::PRESENCE_AWAY;
}

int run_search(const CliContext& ctx, const std::string& query) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  v1::SearchUsersRequest request;
  request.set_query(query);
  auto found = contacts->search(request);
  if (!found) return ctx.out().error(found.status());
  for (const auto& u : found->users()) {
    std::string human = u.member_id() + " (" + u.display_name() + ", " + role_name(u.role());
    if (!u.shop_name().empty()) human += " at " + u.shop_name();
    human += ")  " + presence_text(u.presence());
    if (u.is_contact()) human += "  [contact]";
    if (u.request_pending()) human += "  [request pending]";
    ctx.out().result(card_json(u), human);
  }
  if (found->users().empty() && !ctx.out().json()) {
    std::cout << "no members match '" << query << "'" << std::endl;
  }
  return 0;
}

struct AddArgs {
  std::string member_id, group;
};

int run_add(const CliContext& ctx, const AddArgs& a) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  v1::AddContactRequest request;
  request.set_member_id(a.member_id);
  if (!a.group.empty()) {
    auto group = resolve_group(*contacts, a.group);
    if (!group) return ctx.out().error(group.status());
    request.set_group_id(group->id());
  }
  auto added = contacts->add(request);
  if (!added) return ctx.out().error(added.status());
  // The server's spelling of the ID: it folds upper case.
  const std::string id =
      added->contact().member_id().empty() ? a.member_id : added->contact().member_id();
  if (added->outcome() == v1::AddContactResponse::OUTCOME_REQUEST_SENT) {
    ctx.out().result({{"member_id", id}, {"outcome", "request_sent"}},
                     "request sent to " + id + " (waiting for approval)");
  } else {
    ctx.out().result({{"member_id", id}, {"outcome", "added"}}, "added " + id);
  }
  return 0;
}

int run_answer(const CliContext& ctx, const std::string& member_id, bool accept) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  v1::AnswerRequestRequest request;
  request.set_member_id(member_id);
  request.set_accept(accept);
  if (auto s = contacts->answer_request(request); !s.ok()) return ctx.out().error(s);
  ctx.out().result({{"member_id", member_id}, {"accepted", accept}},
                   std::string(accept ? "accepted " : "declined ") + member_id + "'s request");
  return 0;
}

int run_remove(const CliContext& ctx, const std::string& member_id) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  v1::RemoveContactRequest request;
  request.set_member_id(member_id);
  if (auto s = contacts->remove(request); !s.ok()) return ctx.out().error(s);
  ctx.out().result({{"member_id", member_id}, {"removed", true}}, "removed " + member_id);
  return 0;
}

int run_cancel(const CliContext& ctx, const std::string& member_id) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  v1::RemoveContactRequest request;
  request.set_member_id(member_id);
  request.set_request_only(true);
  if (auto s = contacts->remove(request); !s.ok()) return ctx.out().error(s);
  ctx.out().result({{"member_id", member_id}, {"cancelled", true}},
                   "withdrew your request to " + member_id);
  return 0;
}

int run_block(const CliContext& ctx, const std::string& member_id, bool blocked) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  v1::BlockRequest request;
  request.set_member_id(member_id);
  request.set_blocked(blocked);
  if (auto s = contacts->block(request); !s.ok()) return ctx.out().error(s);
  ctx.out().result({{"member_id", member_id}, {"blocked", blocked}},
                   std::string(blocked ? "blocked " : "unblocked ") + member_id);
  return 0;
}

// A contact whose group is not listed (0 means the default group when adding) is shown
// under the default group rather than dropped.
const v1::ContactGroup* group_of(const v1::ListContactsResponse& list, const v1::Contact& c) {
  const v1::ContactGroup* fallback = nullptr;
  for (const auto& g : list.groups()) {
    if (g.id() == c.group_id()) return &g;
    if (g.is_default()) fallback = &g;
  }
  return fallback;
}

void print_contacts_json(const CliContext& ctx, const v1::ListContactsResponse& list) {
  for (const auto& g : list.groups()) {
    auto json = group_json(g);
    json["type"] = "group";
    ctx.out().result(json, "");
  }
  for (const auto& c : list.contacts()) {
    const auto* g = group_of(list, c);
    const auto& p = c.user().presence();
    ctx.out().result({{"member_id", c.user().member_id()},
                      {"display_name", c.user().display_name()},
                      {"group", g != nullptr ? g->name() : ""},
                      {"group_id", g != nullptr ? g->id() : c.group_id()},
                      {"presence", presence_name(p.state())},
                      {"status_text", p.status_text()},
                      {"last_seen_ms", p.last_seen_ms()}},
                     "");
  }
  for (const auto& u : list.incoming_requests()) {
    ctx.out().result({{"type", "incoming_request"},
                      {"member_id", u.member_id()},
                      {"display_name", u.display_name()}},
                     "");
  }
  for (const auto& u : list.outgoing_requests()) {
    ctx.out().result({{"type", "outgoing_request"},
                      {"member_id", u.member_id()},
                      {"display_name", u.display_name()}},
                     "");
  }
  for (const auto& id : list.blocked()) {
    ctx.out().result({{"type", "blocked"}, {"member_id", id}}, "");
  }
}

void print_group(const std::string& name, const std::vector<const v1::Contact*>& members) {
  size_t online = 0;
  for (const auto* c : members) online += is_online(c->user().presence()) ? 1 : 0;
  std::cout << "▾ " << name << " (" << online << "/" << members.size() << ")\n";
  for (const auto* c : members) {
    std::cout << "  " << card_name(c->user()) << "  " << presence_text(c->user().presence())
              << "\n";
  }
}

void print_contacts_human(const v1::ListContactsResponse& list) {
  std::vector<const v1::Contact*> ungrouped;
  for (const auto& c : list.contacts()) {
    if (group_of(list, c) == nullptr) ungrouped.push_back(&c);
  }
  for (const auto& g : list.groups()) {
    std::vector<const v1::Contact*> members;
    for (const auto& c : list.contacts()) {
      if (group_of(list, c) == &g) members.push_back(&c);
    }
    print_group(g.name(), members);
  }
  if (!ungrouped.empty()) print_group("(no group)", ungrouped);
  if (list.groups().empty() && list.contacts().empty()) std::cout << "no contacts yet\n";
  if (!list.incoming_requests().empty()) {
    std::cout << "Requests from: " << card_list(list.incoming_requests()) << "\n";
  }
  if (!list.outgoing_requests().empty()) {
    std::cout << "Waiting for: " << card_list(list.outgoing_requests()) << "\n";
  }
  if (!list.blocked().empty()) {
    std::string blocked;
    for (const auto& id : list.blocked()) blocked += (blocked.empty() ? "" : ", ") + id;
    std::cout << "Blocked: " << blocked << "\n";
  }
  std::cout << std::flush;
}

int run_contacts(const CliContext& ctx) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  auto list = contacts->list();
  if (!list) return ctx.out().error(list.status());
  if (ctx.out().json()) {
    print_contacts_json(ctx, *list);
  } else {
    print_contacts_human(*list);
  }
  return 0;
}

void add_member_command(CLI::App& app, CommandRunner& chosen, const std::string& name,
                        const std::string& help, MemberRunner run) {
  auto id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("ID", *id, "member ID")->required();
  cmd->callback(
      [&chosen, id, run] { chosen = [id, run](const CliContext& c) { return run(c, *id); }; });
}

}  // namespace

void add_contact_commands(CLI::App& app, CommandRunner& chosen) {
  auto query = std::make_shared<std::string>();
  auto* s = app.add_subcommand("search", "find members by ID, name or shop name");
  s->add_option("Q", *query, "member ID, or part of an ID, name or shop name")->required();
  s->callback([&chosen, query] {
    chosen = [query](const CliContext& c) { return run_search(c, *query); };
  });

  auto add = std::make_shared<AddArgs>();
  auto* a = app.add_subcommand("add", "add a contact, or ask them to approve it");
  a->add_option("ID", add->member_id, "member ID")->required();
  a->add_option("--group", add->group, "contact group id or name (default: the default group)");
  a->callback([&chosen, add] { chosen = [add](const CliContext& c) { return run_add(c, *add); }; });

  add_member_command(app, chosen, "accept", "accept a contact request",
                     [](auto& c, auto& id) { return run_answer(c, id, true); });
  add_member_command(app, chosen, "decline", "decline a contact request",
                     [](auto& c, auto& id) { return run_answer(c, id, false); });
  add_member_command(app, chosen, "remove", "remove a contact (and any request you sent them)",
                     run_remove);
  add_member_command(app, chosen, "cancel", "withdraw a contact request you sent", run_cancel);
  add_member_command(app, chosen, "block", "block a member",
                     [](auto& c, auto& id) { return run_block(c, id, true); });
  add_member_command(app, chosen, "unblock", "unblock a member",
                     [](auto& c, auto& id) { return run_block(c, id, false); });

  app.add_subcommand("contacts", "list contacts by group, with requests and blocks")
      ->callback([&chosen] { chosen = run_contacts; });
  add_contact_group_commands(app, chosen);
  add_presence_commands(app, chosen);
}

}  // namespace souk::cli
