#include "client/cli/auth_commands.hpp"

#include <unistd.h>

#include "client/cli/password_prompt.hpp"

namespace souk::cli {

namespace {

std::string role_name(v1::Role role) {
  return role == v1::ROLE_SELLER ? "seller" : "buyer";
}

nlohmann::json account_json(const v1::Account& a) {
  nlohmann::json j = {{"member_id", a.member_id()},
                      {"display_name", a.display_name()},
                      {"role", role_name(a.role())}};
  if (!a.shop_name().empty()) j["shop_name"] = a.shop_name();
  return j;
}

std::string default_device_name() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return std::string("souk-cli on ") + (host[0] != '\0' ? host : "this computer");
}

// Logs in and remembers the token in the profile.
Result<v1::LoginResponse> login_and_save(const CliContext& ctx, client::AuthClient& auth,
                                         const std::string& member_id, const std::string& password,
                                         std::string device) {
  v1::LoginRequest request;
  request.set_member_id(member_id);
  request.set_password(password);
  request.set_device_name(device.empty() ? default_device_name() : std::move(device));
  auto response = auth.login(request);
  if (!response) return response;
  auto saved = ctx.profile().save_session({ctx.server(), response->account().member_id(),
                                           response->token(), response->expires_at_ms()});
  if (!saved.ok()) return saved;
  return response;
}

struct RegisterArgs {
  std::string member_id, name, shop, device;
  bool seller = false;
};

int run_register(const CliContext& ctx, const RegisterArgs& args) {
  auto password = obtain_password("Password for " + args.member_id + ": ");
  if (!password) return ctx.out().error(password.status());
  auto auth = ctx.auth_client();
  if (!auth) return ctx.out().error(auth.status());
  v1::RegisterRequest request;
  request.set_member_id(args.member_id);
  request.set_password(*password);
  request.set_display_name(args.name);
  request.set_role(args.seller ? v1::ROLE_SELLER : v1::ROLE_BUYER);
  request.set_shop_name(args.shop);
  auto registered = auth->register_account(request);
  if (!registered) return ctx.out().error(registered.status());
  auto login = login_and_save(ctx, *auth, args.member_id, *password, args.device);
  if (!login) return ctx.out().error(login.status());
  const auto& account = registered->account();
  ctx.out().result(account_json(account), "registered " + account.member_id() + " (" +
                                              role_name(account.role()) + ") and logged in to " +
                                              ctx.server());
  return 0;
}

int run_login(const CliContext& ctx, const std::string& member_id, const std::string& device) {
  auto password = obtain_password("Password for " + member_id + ": ");
  if (!password) return ctx.out().error(password.status());
  auto auth = ctx.auth_client();
  if (!auth) return ctx.out().error(auth.status());
  auto login = login_and_save(ctx, *auth, member_id, *password, device);
  if (!login) return ctx.out().error(login.status());
  auto json = account_json(login->account());
  json["expires_at_ms"] = login->expires_at_ms();
  ctx.out().result(json, "logged in as " + login->account().member_id() + " on " + ctx.server());
  return 0;
}

int run_logout(const CliContext& ctx) {
  auto auth = ctx.logged_in_auth_client();
  if (!auth) return ctx.out().error(auth.status());
  auto status = auth->logout();
  // A token the server no longer honours is as good as logged out.
  if (!status.ok() && status.code() != Code::kUnauthenticated) return ctx.out().error(status);
  if (auto s = ctx.profile().forget_session(); !s.ok()) return ctx.out().error(s);
  ctx.out().result({{"logged_out", ctx.saved()->member_id}},
                   "logged out " + ctx.saved()->member_id);
  return 0;
}

int run_whoami(const CliContext& ctx) {
  auto auth = ctx.logged_in_auth_client();
  if (!auth) return ctx.out().error(auth.status());
  auto me = auth->whoami();
  if (!me) return ctx.out().error(me.status());
  auto json = account_json(me->account());
  json["device_name"] = me->device_name();
  json["expires_at_ms"] = me->expires_at_ms();
  json["server"] = ctx.server();
  std::string human = me->account().member_id() + " (" + me->account().display_name() + ", " +
                      role_name(me->account().role());
  if (!me->account().shop_name().empty()) human += ", shop " + me->account().shop_name();
  human += ") on " + ctx.server();
  ctx.out().result(json, human);
  return 0;
}

}  // namespace

void add_auth_commands(CLI::App& app, CommandRunner& chosen) {
  auto reg = std::make_shared<RegisterArgs>();
  auto* r = app.add_subcommand("register", "create an account and log in");
  r->add_option("ID", reg->member_id, "member ID: 3-32 of a-z 0-9 . _ -")->required();
  r->add_option("--name", reg->name, "display name")->required();
  r->add_flag("--seller", reg->seller, "register as a seller (needs --shop)");
  r->add_option("--shop", reg->shop, "shop name, for sellers");
  r->add_option("--device", reg->device, "name of this device");
  r->callback(
      [&chosen, reg] { chosen = [reg](const CliContext& c) { return run_register(c, *reg); }; });

  auto login = std::make_shared<std::pair<std::string, std::string>>();
  auto* l = app.add_subcommand("login", "log in and remember the session in the profile");
  l->add_option("ID", login->first, "member ID")->required();
  l->add_option("--device", login->second, "name of this device");
  l->callback([&chosen, login] {
    chosen = [login](const CliContext& c) { return run_login(c, login->first, login->second); };
  });

  app.add_subcommand("logout", "end this profile's session")->callback([&chosen] {
    chosen = run_logout;
  });
  app.add_subcommand("whoami", "show who this profile is logged in as")->callback([&chosen] {
    chosen = run_whoami;
  });
  add_session_commands(app, chosen);
}

}  // namespace souk::cli
