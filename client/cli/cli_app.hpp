#pragma once

namespace souk::cli {

// souk-cli [--server HOST:PORT] [--tls-ca FILE] [--profile DIR] [--json] COMMAND
// Exit codes: 0 success, 1 the command failed, 2 usage error.
int run_cli(int argc, const char* const* argv);

}  // namespace souk::cli
