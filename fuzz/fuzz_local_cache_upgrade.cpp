// The client's local cache opening a file an older (or damaged) client left: the input is
// SQL that makes that file (any tables, rows and user_version), then LocalCache::open
// upgrades it and every reader and writer runs on it. Whatever the file holds, the cache
// may fail only with SqliteError, which the client reports as "the local history could
// not be written"; any other exception would end the client. An upgraded file is at the
// current version.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "client/core/local_cache.hpp"
#include "fuzz/fuzz_check.hpp"

namespace {

using souk::fuzz::check;
namespace client = souk::client;
namespace v1 = souk::v1;
namespace fs = std::filesystem;

constexpr int64_t kCurrentVersion = 2;

fs::path scratch_dir() {
  const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  return base / ("souk-fuzz-cache-" + std::to_string(::getpid()));
}

// The script may build any file, but not reach outside it.
int deny_outside(void*, int action, const char*, const char*, const char*, const char*) {
  return action == SQLITE_ATTACH || action == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK;
}

int stop_long_statements(void* steps) {
  return ++*static_cast<int*>(steps) > 2000 ? 1 : 0;
}

// Runs the script statement by statement; the ones SQLite refuses are skipped.
void make_old_file(const fs::path& file, const std::string& script) {
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return;
  }
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 16);
  sqlite3_set_authorizer(db, deny_outside, nullptr);
  int steps = 0;
  sqlite3_progress_handler(db, 100, stop_long_statements, &steps);
  const char* sql = script.c_str();
  while (sql != nullptr && *sql != '\0') {
    sqlite3_stmt* stmt = nullptr;
    const char* rest = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, &rest) != SQLITE_OK || rest == sql) {
      sqlite3_finalize(stmt);
      const char* semicolon = std::strchr(sql, ';');
      sql = semicolon == nullptr ? nullptr : semicolon + 1;
      continue;
    }
    while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
    }
    sqlite3_finalize(stmt);
    sql = rest;
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

int64_t user_version(const fs::path& file) {
  sqlite3* db = nullptr;
  int64_t version = -1;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      version = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return version;
}

// Each call may fail only as a database failure.
template <class F>
void may_fail_as_sqlite(F f) {
  try {
    f();
  } catch (const souk::sqlite::SqliteError&) {
  }
}

void use_every_call(client::LocalCache& cache) {
  may_fail_as_sqlite([&] { (void)cache.last_seq(); });
  may_fail_as_sqlite([&] { (void)cache.outbox(); });
  may_fail_as_sqlite([&] { (void)cache.page(1, 0, 50); });
  may_fail_as_sqlite([&] { (void)cache.marks(1); });
  may_fail_as_sqlite([&] { (void)cache.account(); });
  may_fail_as_sqlite([&] { (void)cache.contacts(); });
  may_fail_as_sqlite([&] { (void)cache.conversations(); });
  may_fail_as_sqlite([&] { (void)cache.settings(); });

  v1::SubscribeResponse batch;
  auto* event = batch.add_events();
  event->set_seq(7);
  auto* m = event->mutable_message();
  m->set_conversation_id(1);
  m->set_seq(3);
  m->set_sender("seller.li");
  m->set_text("Do you have it in M?");
  auto* receipt = batch.add_events();
  receipt->set_seq(8);
  receipt->mutable_receipt()->set_conversation_id(1);
  receipt->mutable_receipt()->set_member_id("seller.li");
  receipt->mutable_receipt()->set_up_to_seq(3);
  may_fail_as_sqlite([&] { cache.save_batch(batch, "buyer.anna"); });
  may_fail_as_sqlite([&] { (void)cache.last_seq(); });
  may_fail_as_sqlite([&] { cache.save_marks(1, 3, 2); });
  may_fail_as_sqlite([&] { cache.set_setting("translation.language", "en"); });

  client::OutboxEntry entry;
  entry.client_msg_id = "c-1";
  entry.chat = client::ChatKey::direct("seller.li");
  entry.text = "hello";
  entry.created_ms = 1;
  entry.attachments.emplace_back().set_file_id("f1");
  may_fail_as_sqlite([&] { cache.add_to_outbox(entry); });
  may_fail_as_sqlite([&] { cache.mark_failed("c-1", "refused"); });
  may_fail_as_sqlite([&] { (void)cache.outbox(); });
  may_fail_as_sqlite([&] { cache.remove_from_outbox("c-1"); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string script(reinterpret_cast<const char*>(data), size);
  std::string lower = script;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // VACUUM INTO writes a file elsewhere; NUL ends the script early anyway.
  if (lower.find("vacuum") != std::string::npos) return -1;

  const fs::path dir = scratch_dir();
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  const fs::path file = dir / "buyer.anna@127.0.0.1_50051.sqlite";
  make_old_file(file, script);

  auto cache = client::LocalCache::open(file);
  if (cache) {
    use_every_call(**cache);
    cache->reset();
    check(user_version(file) >= kCurrentVersion, "an opened cache is at the current version");
  }
  fs::remove_all(dir, ec);
  return 0;
}
