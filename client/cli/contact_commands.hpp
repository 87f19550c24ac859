#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "client/cli/auth_commands.hpp"

namespace souk::cli {

// search, add, accept, decline, remove, block, unblock, contacts, and (from the two
// below) cgroup and presence.
void add_contact_commands(CLI::App& app, CommandRunner& chosen);
// cgroup create|rename|delete|move|order.
void add_contact_group_commands(CLI::App& app, CommandRunner& chosen);
// presence set|policy|active.
void add_presence_commands(CLI::App& app, CommandRunner& chosen);

// GROUP as a person types it: a group id, or a group's exact name. Costs a ListContacts.
Result<v1::ContactGroup> resolve_group(client::ContactClient& contacts, const std::string& group);
nlohmann::json group_json(const v1::ContactGroup& g);

}  // namespace souk::cli
