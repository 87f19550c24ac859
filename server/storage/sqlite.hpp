#pragma once

// The SQLite wrapper lives in common/ (the client's local cache uses it too); the storage
// layer keeps speaking of it by its old names.
#include "common/sqlite.hpp"

namespace souk::storage {

using sqlite::Blob;
using sqlite::Borrowed;
using sqlite::CachedStatement;
using sqlite::Database;
using sqlite::SqliteError;
using sqlite::Statement;

}  // namespace souk::storage
