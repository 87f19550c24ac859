#pragma once

#include "client/cli/auth_commands.hpp"

namespace souk::cli {

// settings translation, translate, languages.
void add_translation_commands(CLI::App& app, CommandRunner& chosen);

}  // namespace souk::cli
