#pragma once

#include <span>
#include <string_view>

#include "server/storage/sqlite.hpp"

namespace souk::storage {

// Migration N (1-based) brings the schema from user_version N-1 to N. Append only: a
// migration that has shipped is never edited.
std::span<const std::string_view> schema_migrations();

// Applies each pending migration in its own transaction. Throws when the file was written
// by a newer soukd, rather than guessing at a schema it does not know.
// Returns the schema version now in the file.
int migrate(Database& db, std::span<const std::string_view> migrations = schema_migrations());

}  // namespace souk::storage
