#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "client/cli/auth_commands.hpp"

namespace souk::cli {

// group create|add|remove|leave|rename|admin|owner|list|members|receipts.
void add_group_commands(CLI::App& app, CommandRunner& chosen);

// A positive decimal id as a person types it, or nothing.
std::optional<int64_t> parse_positive_id(const std::string& s);

// GROUP as a person types it: a group's conversation id, or its exact name (which costs a
// ListGroupChats).
Result<int64_t> resolve_group_chat(const CliContext& ctx, const std::string& group);

}  // namespace souk::cli
