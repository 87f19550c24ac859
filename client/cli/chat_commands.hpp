#pragma once

#include "client/cli/auth_commands.hpp"

namespace souk::cli {

// send, history, conversations, read.
void add_chat_commands(CLI::App& app, CommandRunner& chosen);
// watch: the live event stream, resumed from the profile's cursor.
void add_watch_command(CLI::App& app, CommandRunner& chosen);
// bot: a seller that stays online and answers every message (runs on client/core).
void add_bot_command(CLI::App& app, CommandRunner& chosen);

}  // namespace souk::cli
