#pragma once

#include <string>
#include <vector>

#include "client/cli/auth_commands.hpp"

namespace souk::cli {

// download, files.
void add_file_commands(CLI::App& app, CommandRunner& chosen);

// Uploads each path (resuming what an earlier run left), with a progress bar each; their
// file ids, in order, or the first failure.
Result<std::vector<std::string>> upload_attachments(const CliContext& ctx,
                                                    const std::vector<std::string>& paths);

}  // namespace souk::cli
