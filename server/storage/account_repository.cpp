#include "server/storage/account_repository.hpp"

namespace souk::storage {

namespace {

constexpr std::string_view kColumns =
    "id, member_id, display_name, role, shop_name, password_hash, created_at_ms";

AccountRecord read_account(const Statement& row) {
  return {row.int64(0), row.text(1), row.text(2), static_cast<int>(row.int64(3)),
          row.text(4),  row.text(5), row.int64(6)};
}

std::optional<AccountRecord> find_one(Statement& stmt) {
  if (!stmt.step()) return std::nullopt;
  return read_account(stmt);
}

}  // namespace

std::optional<int64_t> insert_account(Database& db, const AccountRecord& a) {
  // ON CONFLICT DO NOTHING keeps the uniqueness check and the insert in one statement.
  auto stmt = db.prepare(
      "INSERT INTO accounts (member_id, display_name, role, shop_name, password_hash, "
      "created_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_id) DO NOTHING");
  stmt.bind_all(std::string_view(a.member_id), std::string_view(a.display_name),
                static_cast<int64_t>(a.role), std::string_view(a.shop_name),
                std::string_view(a.password_hash), a.created_at_ms);
  if (a.shop_name.empty()) stmt.bind(4, std::nullopt);
  stmt.run();
  if (db.changes() == 0) return std::nullopt;
  return db.last_insert_rowid();
}

std::optional<AccountRecord> find_account_by_member_id(Database& db, const std::string& member_id) {
  // A message addressed by member ID looks its peer up on every send.
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM accounts WHERE member_id = ?";
  auto stmt = db.cached(sql);
  stmt->bind(1, std::string_view(member_id));
  return find_one(*stmt);
}

std::optional<AccountRecord> find_account_by_id(Database& db, int64_t id) {
  static const std::string sql = "SELECT " + std::string(kColumns) + " FROM accounts WHERE id = ?";
  auto stmt = db.cached(sql);
  stmt->bind(1, id);
  return find_one(*stmt);
}

int64_t count_accounts(Database& db) {
  auto stmt = db.prepare("SELECT count(*) FROM accounts");
  return stmt.step() ? stmt.int64(0) : 0;
}

void set_password_hash(Database& db, int64_t account_id, const std::string& password_hash) {
  db.prepare("UPDATE accounts SET password_hash = ? WHERE id = ?")
      .bind_all(std::string_view(password_hash), account_id)
      .run();
}

}  // namespace souk::storage
