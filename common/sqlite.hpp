#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace souk::sqlite {

// SQLite failures are not user errors: they surface as INTERNAL (or UNAVAILABLE when the
// disk is full or the file is locked) and are logged.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// Blobs are bound as blobs, text as text: SQLite compares them differently.
struct Blob {
  std::string_view bytes;
};

// Text that SQLite reads in place instead of copying: it must stay valid until the
// statement is reset. For a large value whose owner outlives the statement, such as a
// message's text in its record (a 32 MiB text would otherwise be held once more).
struct Borrowed {
  std::string_view text;
};

class Statement;
class CachedStatement;

// One connection. Move-only; closes on destruction.
class Database {
 public:
  enum class Mode { kReadWrite, kReadOnly };
  Database(const std::filesystem::path& file, Mode mode);
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&&) = delete;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const std::string& sql);
  Statement prepare(std::string_view sql);
  // Prepared once per connection and kept; reset and unbound when the handle goes away.
  // For statements on hot paths.
  CachedStatement cached(std::string_view sql);
  int64_t last_insert_rowid() const;
  int changes() const;
  int64_t pragma_int(const std::string& name);
  sqlite3* handle() { return db_; }
  // Keeps at most `kib` of pages in memory until restore_cache() (the writer calls it after
  // each transaction); pages past it are spilled to the WAL. For a very large row: the cache
  // would otherwise hold every page of it beside the text's other copies, and keep them.
  void shrink_cache_until_commit(int64_t kib);
  void restore_cache();

 private:
  sqlite3* db_ = nullptr;
  std::optional<int64_t> cache_size_before_shrink_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// A prepared statement. step() must be checked: it says whether a row is there.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, Blob blob);
  Statement& bind(int index, Borrowed text);
  Statement& bind(int index, std::nullopt_t);
  template <class... Args>
  Statement& bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  // True when a row is available, false when done.
  [[nodiscard]] bool step();
  // For statements that return no rows.
  void run();
  void reset();

  int64_t int64(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class CachedStatement {
 public:
  explicit CachedStatement(Statement& statement) : statement_(&statement) {}
  ~CachedStatement() { statement_->reset(); }
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;

  Statement* operator->() { return statement_; }
  Statement& operator*() { return *statement_; }

 private:
  Statement* statement_;
};

}  // namespace souk::sqlite
