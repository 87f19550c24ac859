#pragma once

// What soukd's database holds, table by table, as a SHA-256 of every row in a stable
// order: two digests are equal exactly when no stored value changed.

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "server/storage/sqlite.hpp"

namespace souk::test {

// Columns left out of the digest, by table: values that move on calls which store nothing
// the caller asked for.
using IgnoredColumns = std::map<std::string, std::set<std::string>>;

// Table name -> hex SHA-256 of its rows. Every table of the schema is read, SQLite's own
// sqlite_sequence (AUTOINCREMENT counters) included; a full-text index is read through its
// shadow tables, which hold its contents, not through its virtual table.
inline std::map<std::string, std::string> database_digest(const std::filesystem::path& file,
                                                          const IgnoredColumns& ignored = {}) {
  storage::Database db(file, storage::Database::Mode::kReadOnly);
  std::vector<std::string> tables;
  {
    auto list = db.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
    while (list.step()) tables.push_back(list.text(0));
  }
  // One read transaction for all tables, so the digest is of one moment.
  db.exec("BEGIN");
  std::map<std::string, std::string> digest;
  for (const auto& table : tables) {
    std::vector<std::string> columns;
    {
      auto info = db.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid");
      info.bind(1, std::string_view(table));
      const auto skip = ignored.find(table);
      while (info.step()) {
        auto name = info.text(0);
        if (skip == ignored.end() || skip->second.count(name) == 0) columns.push_back(name);
      }
    }
    std::string select = "SELECT ";
    std::string order;
    for (size_t i = 0; i < columns.size(); ++i) {
      select += (i ? ", \"" : "\"") + columns[i] + "\"";
      order += (i ? ", " : "") + std::to_string(i + 1);
    }
    select += " FROM \"" + table + "\" ORDER BY " + order;
    Sha256 hash;
    sqlite3_stmt* stmt = nullptr;
    if (columns.empty() ||
        sqlite3_prepare_v2(db.handle(), select.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      sqlite3_finalize(stmt);
      // A table that cannot be read would hash alike before and after: no proof of anything.
      throw std::runtime_error("cannot read table " + table + " for its digest: " + select);
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        // Type and length before each value, so that no two rows can run together alike.
        const int type = sqlite3_column_type(stmt, c);
        std::string value;
        if (type == SQLITE_INTEGER) {
          value = std::to_string(sqlite3_column_int64(stmt, c));
        } else if (type == SQLITE_FLOAT) {
          value = std::to_string(sqlite3_column_double(stmt, c));
        } else if (type != SQLITE_NULL) {
          const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt, c));
          value.assign(bytes != nullptr ? bytes : "", sqlite3_column_bytes(stmt, c));
        }
        hash.update(std::to_string(type) + ":" + std::to_string(value.size()) + ":");
        hash.update(value);
      }
      hash.update("\n");
    }
    sqlite3_finalize(stmt);
    digest[table] = hex_encode(hash.finish());
  }
  db.exec("COMMIT");
  return digest;
}

// The tables whose digests differ, for a failure message.
inline std::string changed_tables(const std::map<std::string, std::string>& before,
                                  const std::map<std::string, std::string>& after) {
  std::string out;
  for (const auto& [table, hash] : after) {
    auto it = before.find(table);
    if (it == before.end() || it->second != hash) out += (out.empty() ? "" : ", ") + table;
  }
  for (const auto& [table, hash] : before) {
    if (after.count(table) == 0) out += (out.empty() ? "" : ", ") + table + " (gone)";
  }
  return out;
}

}  // namespace souk::test
