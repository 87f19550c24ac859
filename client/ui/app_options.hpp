#pragma once

#include <string>

namespace souk::ui {

struct AppOptions {
  // Empty: the remembered session's server, else the sign-in form's default.
  std::string server;
  std::string tls_ca_file;
  // Remembered session and local cache in this directory instead of ~/.config/souk and
  // ~/.local/share/souk (several users side by side, the demo).
  std::string profile_dir;
  // Sign in at start as this member, with the password from SOUK_PASSWORD (scripts, demo).
  std::string member_id;
  // Deep link: `souk --chat-with ID --product-url URL --product-title T` ("Chat now").
  std::string chat_with;
  std::string product_url;
  std::string product_title;
  int width = 1180;
  int height = 760;
  // souk-bench client-frame: scroll the --chat-with history and write frame costs here.
  std::string bench_scroll_file;
  // Test hook: write widget positions here (see ui_probe.hpp).
  std::string probe_file;
};

// Parses the command line; exits the process on --help or a usage error.
AppOptions parse_options(int argc, char** argv);

}  // namespace souk::ui
