// A member's sessions (one per login) and their password.
#include "client/cli/auth_commands.hpp"
#include "client/cli/chat_json.hpp"
#include "client/cli/password_prompt.hpp"

namespace souk::cli {

namespace {

nlohmann::json session_json(const v1::SessionInfo& s) {
  return {{"id", s.id()},
          {"device_name", s.device_name()},
          {"created_at_ms", s.created_at_ms()},
          {"last_seen_ms", s.last_seen_ms()},
          {"expires_at_ms", s.expires_at_ms()},
          {"current", s.current()}};
}

std::string session_line(const v1::SessionInfo& s) {
  return s.id() + "  " + s.device_name() + "  created " + local_time(s.created_at_ms()) +
         ", last seen " + local_time(s.last_seen_ms()) + (s.current() ? "  (this session)" : "");
}

int run_sessions(const CliContext& ctx) {
  auto auth = ctx.logged_in_auth_client();
  if (!auth) return ctx.out().error(auth.status());
  auto list = auth->sessions();
  if (!list) return ctx.out().error(list.status());
  for (const auto& s : list->sessions()) ctx.out().result(session_json(s), session_line(s));
  return 0;
}

struct EndArgs {
  std::string id;
  bool others = false;
};

int run_end(const CliContext& ctx, const EndArgs& args) {
  if (args.id.empty() == !args.others) {
    return ctx.out().error(invalid_argument("name one session ID, or give --others"));
  }
  auto auth = ctx.logged_in_auth_client();
  if (!auth) return ctx.out().error(auth.status());
  if (args.others) {
    auto ended = auth->end_other_sessions();
    if (!ended) return ctx.out().error(ended.status());
    ctx.out().result({{"ended", *ended}}, "ended " + std::to_string(*ended) + " other session" +
                                              (*ended == 1 ? "" : "s"));
    return 0;
  }
  // Ending this very session is a logout: the profile forgets the token too.
  auto list = auth->sessions();
  if (!list) return ctx.out().error(list.status());
  bool current = false;
  for (const auto& s : list->sessions()) current |= s.current() && s.id() == args.id;
  if (auto s = auth->end_session(args.id); !s.ok()) return ctx.out().error(s);
  if (current) {
    if (auto s = ctx.profile().forget_session(); !s.ok()) return ctx.out().error(s);
  }
  ctx.out().result({{"ended", args.id}, {"current", current}},
                   "ended session " + args.id + (current ? " (this one: logged out)" : ""));
  return 0;
}

int run_passwd(const CliContext& ctx) {
  auto auth = ctx.logged_in_auth_client();
  if (!auth) return ctx.out().error(auth.status());
  auto current = obtain_password("Current password: ");
  if (!current) return ctx.out().error(current.status());
  constexpr const char* kNewEnv = "SOUK_NEW_PASSWORD";
  const bool asking = password_from_terminal(kNewEnv);
  auto next = obtain_password("New password: ", kNewEnv);
  if (!next) return ctx.out().error(next.status());
  if (asking) {
    auto again = obtain_password("New password again: ", kNewEnv);
    if (!again) return ctx.out().error(again.status());
    if (*again != *next) {
      return ctx.out().error(invalid_argument("the two new passwords differ; nothing changed"));
    }
  }
  auto ended = auth->change_password(*current, *next);
  if (!ended) return ctx.out().error(ended.status());
  ctx.out().result({{"password_changed", true}, {"ended_sessions", *ended}},
                   "password changed; ended " + std::to_string(*ended) + " other session" +
                       (*ended == 1 ? "" : "s"));
  return 0;
}

}  // namespace

void add_session_commands(CLI::App& app, CommandRunner& chosen) {
  auto* list = app.add_subcommand("sessions", "list this member's sessions (one per login)");
  list->callback([&chosen, list] {
    if (list->get_subcommands().empty()) chosen = run_sessions;
  });
  auto end = std::make_shared<EndArgs>();
  auto* e = list->add_subcommand("end", "end a session by its ID, or all but this one");
  e->add_option("ID", end->id, "session ID, as `sessions` lists it");
  e->add_flag("--others", end->others, "end every session but this one");
  e->callback([&chosen, end] { chosen = [end](const CliContext& c) { return run_end(c, *end); }; });

  app.add_subcommand("passwd",
                     "change the password (current from SOUK_PASSWORD, new from "
                     "SOUK_NEW_PASSWORD, else asked); ends every other session")
      ->callback([&chosen] { chosen = run_passwd; });
}

}  // namespace souk::cli
