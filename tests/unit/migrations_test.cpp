#include "server/storage/migrations.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "server/storage/account_repository.hpp"
#include "server/storage/contact_repository.hpp"
#include "server/storage/session_repository.hpp"
#include "server/storage/sqlite.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk::storage {
namespace {

bool table_exists(Database& db, const std::string& name) {
  auto stmt = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
  stmt.bind(1, std::string_view(name));
  return stmt.step() && stmt.int64(0) == 1;
}

int64_t count_rows(Database& db, const std::string& table) {
  auto stmt = db.prepare("SELECT count(*) FROM " + table);
  return stmt.step() ? stmt.int64(0) : -1;
}

class MigrationsTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_ / "souk.db"; }
  test::TempDir dir_;
};

TEST_F(MigrationsTest, FreshFileGetsTheWholeSchema) {
  Database db(file(), Database::Mode::kReadWrite);
  EXPECT_EQ(db.pragma_int("user_version"), 0);
  const int known = static_cast<int>(schema_migrations().size());
  ASSERT_GE(known, 1);

  EXPECT_EQ(migrate(db), known);
  EXPECT_EQ(db.pragma_int("user_version"), known);
  EXPECT_TRUE(table_exists(db, "accounts"));
  EXPECT_TRUE(table_exists(db, "sessions"));
  EXPECT_NE(sqlite3_get_autocommit(db.handle()), 0) << "a transaction was left open";

  // The schema survives closing and reopening the file.
  Database reopened(file(), Database::Mode::kReadOnly);
  EXPECT_EQ(reopened.pragma_int("user_version"), known);
  EXPECT_TRUE(table_exists(reopened, "accounts"));
}

TEST_F(MigrationsTest, MigratingAgainIsANoOp) {
  Database db(file(), Database::Mode::kReadWrite);
  const int first = migrate(db);
  const int64_t schema_version = db.pragma_int("schema_version");
  const int64_t changes_before = sqlite3_total_changes64(db.handle());

  EXPECT_EQ(migrate(db), first);
  EXPECT_EQ(db.pragma_int("user_version"), first);
  EXPECT_EQ(db.pragma_int("schema_version"), schema_version) << "the schema was touched";
  EXPECT_EQ(sqlite3_total_changes64(db.handle()), changes_before);
}

TEST_F(MigrationsTest, RefusesAFileFromANewerVersion) {
  const int64_t newer = static_cast<int64_t>(schema_migrations().size()) + 5;
  {
    Database db(file(), Database::Mode::kReadWrite);
    db.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  Database db(file(), Database::Mode::kReadWrite);
  try {
    (void)migrate(db);
    ADD_FAILURE() << "migrate accepted schema version " << newer;
  } catch (const SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
  EXPECT_EQ(db.pragma_int("user_version"), newer);
  EXPECT_FALSE(table_exists(db, "accounts"));
}

TEST_F(MigrationsTest, FailedMigrationRollsBackEntirely) {
  const std::vector<std::string_view> broken = {
      "CREATE TABLE first (x INTEGER)",
      // The first statement succeeds, the second does not: both must be undone.
      "CREATE TABLE second (y INTEGER); INSERT INTO first VALUES (1); THIS IS NOT SQL",
  };
  Database db(file(), Database::Mode::kReadWrite);
  EXPECT_THROW((void)migrate(db, broken), SqliteError);
  EXPECT_EQ(db.pragma_int("user_version"), 1);
  EXPECT_TRUE(table_exists(db, "first"));
  EXPECT_FALSE(table_exists(db, "second"));
  EXPECT_EQ(count_rows(db, "first"), 0);
  EXPECT_NE(sqlite3_get_autocommit(db.handle()), 0) << "a transaction was left open";

  // Once fixed, the pending migration applies on top of the first.
  const std::vector<std::string_view> fixed = {
      "CREATE TABLE first (x INTEGER)",
      "CREATE TABLE second (y INTEGER)",
  };
  EXPECT_EQ(migrate(db, fixed), 2);
  EXPECT_EQ(db.pragma_int("user_version"), 2);
  EXPECT_TRUE(table_exists(db, "second"));
}

TEST_F(MigrationsTest, ForeignKeysAreEnforced) {
  Database db(file(), Database::Mode::kReadWrite);
  (void)migrate(db);
  EXPECT_EQ(db.pragma_int("foreign_keys"), 1);
  // A session for an account that does not exist.
  EXPECT_THROW(insert_session(db, {std::string(32, 'x'), 999, "phone", 1, 2}), SqliteError);
  EXPECT_EQ(count_rows(db, "sessions"), 0);
}

TEST_F(MigrationsTest, DeletingAnAccountDeletesItsSessions) {
  Database db(file(), Database::Mode::kReadWrite);
  (void)migrate(db);
  AccountRecord alice{0, "alice", "Alice", 1, "", "$argon2id$fake", 1};
  AccountRecord bob{0, "bob", "Bob", 2, "Bob's", "$argon2id$fake", 1};
  auto alice_id = insert_account(db, alice);
  auto bob_id = insert_account(db, bob);
  ASSERT_TRUE(alice_id.has_value());
  ASSERT_TRUE(bob_id.has_value());
  insert_session(db, {std::string(32, 'a'), *alice_id, "phone", 1, 100});
  insert_session(db, {std::string(32, 'b'), *alice_id, "laptop", 1, 100});
  insert_session(db, {std::string(32, 'c'), *bob_id, "phone", 1, 100});
  ASSERT_EQ(count_rows(db, "sessions"), 3);

  auto del = db.prepare("DELETE FROM accounts WHERE id = ?");
  del.bind(1, *alice_id).run();
  EXPECT_EQ(count_rows(db, "sessions"), 1);
  EXPECT_FALSE(find_session(db, std::string(32, 'a')).has_value());
  EXPECT_FALSE(find_session(db, std::string(32, 'b')).has_value());
  EXPECT_TRUE(find_session(db, std::string(32, 'c')).has_value());
}

TEST_F(MigrationsTest, MemberSearchIndexesAccountsFromBeforeItAndFollowsChanges) {
  Database db(file(), Database::Mode::kReadWrite);
  const auto all = schema_migrations();
  (void)migrate(db, all.first(6));  // up to the member search
  ASSERT_TRUE(
      insert_account(db, {0, "ux.seller1", "Sam Seller", 2, "Yiwu Bags", "h", 1}).has_value());
  ASSERT_TRUE(insert_account(db, {0, "buyer.jan", "Jan", 1, "", "h", 1}).has_value());
  (void)migrate(db);
  auto ids = [&](const std::string& text) {
    std::vector<std::string> out;
    for (const auto& row : search_users_containing(db, text, 20)) out.push_back(row.member_id);
    return out;
  };
  EXPECT_EQ(ids("seller"), std::vector<std::string>{"ux.seller1"}) << "indexed on upgrade";
  EXPECT_EQ(ids("BAGS"), std::vector<std::string>{"ux.seller1"});

  db.exec("UPDATE accounts SET display_name = 'Magda Handbags' WHERE member_id = 'buyer.jan'");
  EXPECT_EQ(ids("handbag"), std::vector<std::string>{"buyer.jan"});
  db.exec("DELETE FROM accounts WHERE member_id = 'ux.seller1'");
  EXPECT_TRUE(ids("seller").empty()) << "a deleted account leaves the index";
  ASSERT_TRUE(insert_account(db, {0, "new.one", "Fresh Seller", 2, "", "h", 1}).has_value());
  EXPECT_EQ(ids("seller"), std::vector<std::string>{"new.one"}) << "new accounts are indexed";
}

TEST_F(MigrationsTest, SessionsFromBeforeSessionReviewGetAnIdAndLastSeen) {
  Database db(file(), Database::Mode::kReadWrite);
  (void)migrate(db, schema_migrations().first(7));
  auto id = insert_account(db, {0, "alice", "Alice", 1, "", "h", 1});
  ASSERT_TRUE(id.has_value());
  for (const char* hash : {"aaaa", "bbbb"}) {
    db.prepare(
          "INSERT INTO sessions (token_hash, account_id, device_name, created_at_ms, "
          "expires_at_ms) VALUES (?, ?, 'phone', 5, 100)")
        .bind_all(Blob{hash}, *id)
        .run();
  }
  (void)migrate(db);
  auto sessions = list_sessions(db, *id, 10);
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].id.size(), 16u);
  EXPECT_NE(sessions[0].id, sessions[1].id);
  EXPECT_EQ(sessions[0].last_seen_ms, 5);
  EXPECT_EQ(find_account_session(db, *id, sessions[1].id)->token_hash, sessions[1].token_hash);
  EXPECT_FALSE(find_account_session(db, *id + 1, sessions[1].id).has_value());
}

TEST_F(MigrationsTest, SchemaEnforcesCaseInsensitiveMemberIdsAndRoles) {
  Database db(file(), Database::Mode::kReadWrite);
  (void)migrate(db);
  ASSERT_TRUE(insert_account(db, {0, "alice", "Alice", 1, "", "h", 1}).has_value());
  // UNIQUE COLLATE NOCASE: another spelling of the same ID is a conflict.
  EXPECT_FALSE(insert_account(db, {0, "ALICE", "Alice", 1, "", "h", 1}).has_value());
  EXPECT_TRUE(find_account_by_member_id(db, "Alice").has_value());
  EXPECT_THROW((void)insert_account(db, {0, "zed", "Zed", 3, "", "h", 1}), SqliteError);
  EXPECT_EQ(count_accounts(db), 1);
}

}  // namespace
}  // namespace souk::storage
