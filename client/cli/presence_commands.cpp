#include "client/cli/chat_json.hpp"
#include "client/cli/contact_commands.hpp"

namespace souk::cli {

namespace {

v1::PresenceState presence_state(const std::string& name) {
  if (name == "busy") return v1::PRESENCE_BUSY;
  if (name == "away") return v1::PRESENCE_AWAY;
  if (name == "invisible") return v1::PRESENCE_INVISIBLE;
  return v1::PRESENCE_ONLINE;
}

// The server answers with the presence others see right now, which is not what was chosen
// while none of this member's streams is open (offline), or while invisible. Both are
// shown: what the member chose, and how contacts see it until a stream opens.
int run_presence_set(const CliContext& ctx, const std::string& state, const std::string& text) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  v1::SetPresenceRequest request;
  request.set_state(presence_state(state));
  request.set_status_text(text);
  auto set = contacts->set_presence(request);
  if (!set) return ctx.out().error(set.status());
  const auto& seen = set->presence();
  v1::Presence chosen;
  chosen.set_member_id(seen.member_id());
  chosen.set_state(request.state());
  chosen.set_status_text(text);
  std::string human = "your presence: " + presence_text(chosen);
  const bool offline =
      seen.state() == v1::PRESENCE_OFFLINE || seen.state() == v1::PRESENCE_UNSPECIFIED;
  if (state == "invisible") {
    human += " (contacts see you as offline)";
  } else if (offline) {
    human +=
        " (contacts see you as offline until a souk window, watch or bot of yours is "
        "connected)";
  } else if (seen.state() != chosen.state()) {
    human += " (contacts see you as " + presence_text(seen) + ")";
  }
  auto json = presence_json(chosen);
  json["seen_as"] = presence_json(seen);
  ctx.out().result(json, human);
  return 0;
}

int run_policy(const CliContext& ctx, const std::string& policy) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  v1::SetContactPolicyRequest request;
  const bool open = policy == "open";
  request.set_policy(open ? v1::CONTACT_POLICY_OPEN : v1::CONTACT_POLICY_APPROVAL);
  if (auto s = contacts->set_policy(request); !s.ok()) return ctx.out().error(s);
  ctx.out().result({{"policy", policy}}, open ? "anyone may now add you as a contact"
                                              : "contact requests now wait for your approval");
  return 0;
}

int run_active(const CliContext& ctx) {
  auto contacts = ctx.contact_client();
  if (!contacts) return ctx.out().error(contacts.status());
  if (auto s = contacts->report_activity(); !s.ok()) return ctx.out().error(s);
  ctx.out().result({{"activity_reported", true}}, "activity reported");
  return 0;
}

}  // namespace

void add_presence_commands(CLI::App& app, CommandRunner& chosen) {
  auto* pr = app.add_subcommand("presence", "your presence, status text and contact policy");
  pr->require_subcommand(1);

  auto set = std::make_shared<std::pair<std::string, std::string>>();
  auto* s = pr->add_subcommand("set", "set how contacts see you");
  s->add_option("STATE", set->first, "online, busy, away or invisible")
      ->required()
      ->check(CLI::IsMember({"online", "busy", "away", "invisible"}));
  s->add_option("TEXT", set->second, "status text shown next to it");
  s->callback([&chosen, set] {
    chosen = [set](const CliContext& c) { return run_presence_set(c, set->first, set->second); };
  });

  auto policy = std::make_shared<std::string>();
  auto* p = pr->add_subcommand("policy", "who may add you: anyone, or only with your approval");
  p->add_option("POLICY", *policy, "open or approval")
      ->required()
      ->check(CLI::IsMember({"open", "approval"}));
  p->callback([&chosen, policy] {
    chosen = [policy](const CliContext& c) { return run_policy(c, *policy); };
  });

  pr->add_subcommand("active", "report activity, so online does not turn into away")
      ->callback([&chosen] { chosen = run_active; });
}

}  // namespace souk::cli
