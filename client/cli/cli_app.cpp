#include "client/cli/cli_app.hpp"

#include "client/cli/auth_commands.hpp"
#include "client/cli/chat_commands.hpp"
#include "client/cli/contact_commands.hpp"
#include "client/cli/file_commands.hpp"
#include "client/cli/group_commands.hpp"
#include "client/cli/translation_commands.hpp"

namespace souk::cli {

int run_cli(int argc, const char* const* argv) {
  CLI::App app("Souk command-line client", "souk-cli");
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--server", global.server, "HOST:PORT of soukd (env SOUK_SERVER)");
  app.add_option("--tls-ca", global.tls_ca, "CA certificate (PEM) to verify the server with");
  app.add_option("--profile", global.profile,
                 "directory holding this user's session (env SOUK_PROFILE, default "
                 "~/.config/souk)");
  app.add_flag("--json", global.json, "print one JSON object per line");

  CommandRunner chosen;
  add_auth_commands(app, chosen);
  add_chat_commands(app, chosen);
  add_contact_commands(app, chosen);
  add_group_commands(app, chosen);
  add_watch_command(app, chosen);
  add_bot_command(app, chosen);
  add_translation_commands(app, chosen);
  add_file_commands(app, chosen);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  CliContext context(global);
  return chosen(context);
}

}  // namespace souk::cli
