#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "client/cli/cli_context.hpp"

namespace souk::cli {

// A command runs after parsing and returns the process exit code.
using CommandRunner = std::function<int(const CliContext&)>;

// register, login, logout, whoami, and the session commands below.
void add_auth_commands(CLI::App& app, CommandRunner& chosen);
// sessions, sessions end ID|--others, passwd.
void add_session_commands(CLI::App& app, CommandRunner& chosen);

}  // namespace souk::cli
