#include "client/ui/app_options.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>

namespace souk::ui {

AppOptions parse_options(int argc, char** argv) {
  AppOptions o;
  if (const char* env = std::getenv("SOUK_SERVER"); env != nullptr && *env != 0) o.server = env;
  if (const char* env = std::getenv("SOUK_UI_PROBE"); env != nullptr) o.probe_file = env;
  CLI::App app{"souk: the Souk desktop client"};
  app.add_option("--server", o.server, "soukd address, HOST:PORT (env SOUK_SERVER)");
  app.add_option("--tls-ca", o.tls_ca_file, "PEM file of the CA that signed the server");
  app.add_option("--profile", o.profile_dir,
                 "keep the remembered session and the local cache in this directory");
  app.add_option("--member", o.member_id,
                 "sign in at start as this member ID, password from SOUK_PASSWORD");
  app.add_option("--chat-with", o.chat_with, "open the conversation with this member ID");
  app.add_option("--product-url", o.product_url, "attach this product page to --chat-with");
  app.add_option("--product-title", o.product_title, "the product's title, for its card");
  app.add_option("--size", o.width, "window width in pixels (height follows at 16:10)")
      ->check(CLI::Range(640, 4096));
  app.add_option("--bench-scroll", o.bench_scroll_file,
                 "(souk-bench) page in and scroll the --chat-with history, write frame costs here")
      ->group("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }
  if (app.count("--size") > 0) o.height = o.width * 10 / 16;
  return o;
}

}  // namespace souk::ui
