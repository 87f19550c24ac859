#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "client/cli/cli_context.hpp"
#include "client/cli/group_commands.hpp"

namespace souk::cli {

// TO is a member ID, or with --group a conversation id or the exact name of a group.
struct Target {
  std::string to;
  bool group = false;

  Result<v1::ConversationRef> ref(const CliContext& ctx) const {
    if (!group) return client::ChatClient::peer(to);
    auto id = resolve_group_chat(ctx, to);
    if (!id) return id.status();
    return client::ChatClient::conversation(*id);
  }
};

inline void add_target(CLI::App* cmd, Target& t) {
  cmd->add_option("TO", t.to, "member ID (with --group: a group's id or name)")->required();
  cmd->add_flag("--group", t.group, "TO is a group chat (or any conversation id)");
}

}  // namespace souk::cli
