#include "server/storage/contact_repository.hpp"

#include <algorithm>

namespace souk::storage {

namespace {

constexpr std::string_view kUserColumns =
    "a.id, a.member_id, a.display_name, a.role, coalesce(a.shop_name, ''), a.contact_policy, "
    "a.presence_state, a.status_text, a.last_seen_ms";

UserRow read_user(const Statement& s, int first = 0) {
  return {s.int64(first),
          s.text(first + 1),
          s.text(first + 2),
          static_cast<int>(s.int64(first + 3)),
          s.text(first + 4),
          static_cast<int>(s.int64(first + 5)),
          static_cast<int>(s.int64(first + 6)),
          s.text(first + 7),
          s.int64(first + 8)};
}

std::vector<UserRow> read_users(Statement& s) {
  std::vector<UserRow> out;
  while (s.step()) out.push_back(read_user(s));
  return out;
}

const std::string& user_select() {
  static const std::string sql = "SELECT " + std::string(kUserColumns) + " FROM accounts a ";
  return sql;
}

// The first string that does not start with `prefix`, for index range scans.
std::string prefix_end(const std::string& prefix) {
  return prefix + "\xF4\x8F\xBF\xBF";
}

}  // namespace

std::optional<UserRow> find_user(Database& db, const std::string& member_id) {
  auto s = db.cached(user_select() + "WHERE a.member_id = ?");
  s->bind(1, std::string_view(member_id));
  if (!s->step()) return std::nullopt;
  return read_user(*s);
}

std::optional<UserRow> find_user(Database& db, int64_t id) {
  auto s = db.cached(user_select() + "WHERE a.id = ?");
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_user(*s);
}

std::vector<UserRow> search_users_by_prefix(Database& db, const std::string& prefix, int limit) {
  // Three index range scans (each column has a NOCASE index), merged without repeats.
  auto s = db.cached(user_select() +
                     "WHERE a.id IN ("
                     " SELECT id FROM accounts WHERE member_id >= ?1 AND member_id < ?2 "
                     " UNION SELECT id FROM accounts WHERE display_name >= ?1 COLLATE NOCASE "
                     "   AND display_name < ?2 COLLATE NOCASE "
                     " UNION SELECT id FROM accounts WHERE shop_name >= ?1 COLLATE NOCASE "
                     "   AND shop_name < ?2 COLLATE NOCASE) "
                     "ORDER BY a.member_id LIMIT ?3");
  s->bind_all(std::string_view(prefix), std::string_view(prefix_end(prefix)),
              static_cast<int64_t>(limit));
  return read_users(*s);
}

std::vector<UserRow> search_users_containing(Database& db, const std::string& text, int limit) {
  // One FTS5 phrase: the trigram tokenizer matches it as a substring. Quotes inside are
  // doubled, so the text is never read as query syntax.
  std::string phrase = "\"";
  for (char c : text) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
  phrase += '"';
  auto s = db.cached(user_select() +
                     "WHERE a.id IN (SELECT rowid FROM accounts_search WHERE accounts_search "
                     "MATCH ?1) ORDER BY a.member_id LIMIT ?2");
  s->bind_all(std::string_view(phrase), static_cast<int64_t>(limit));
  return read_users(*s);
}

int64_t ensure_default_group(Database& db, int64_t account_id) {
  {
    auto s = db.cached("SELECT id FROM contact_groups WHERE account_id = ? AND is_default = 1");
    s->bind(1, account_id);
    if (s->step()) return s->int64(0);
  }
  auto s = db.cached(
      "INSERT INTO contact_groups (account_id, name, position, is_default) VALUES (?, ?, 0, 1)");
  s->bind_all(account_id, std::string_view(kDefaultGroupName)).run();
  return db.last_insert_rowid();
}

std::vector<GroupRow> groups_of(Database& db, int64_t account_id) {
  auto s = db.cached(
      "SELECT id, name, position, is_default FROM contact_groups WHERE account_id = ? "
      "ORDER BY position, id");
  s->bind(1, account_id);
  std::vector<GroupRow> out;
  while (s->step()) {
    out.push_back({s->int64(0), s->text(1), static_cast<int>(s->int64(2)), s->int64(3) != 0});
  }
  return out;
}

std::optional<GroupRow> find_group(Database& db, int64_t account_id, int64_t group_id) {
  for (auto& g : groups_of(db, account_id)) {
    if (g.id == group_id) return g;
  }
  return std::nullopt;
}

std::optional<int64_t> create_group(Database& db, int64_t account_id, const std::string& name) {
  auto s = db.cached(
      "INSERT INTO contact_groups (account_id, name, position) VALUES (?1, ?2, "
      "(SELECT coalesce(max(position), 0) + 1 FROM contact_groups WHERE account_id = ?1)) "
      "ON CONFLICT (account_id, name) DO NOTHING");
  s->bind_all(account_id, std::string_view(name)).run();
  if (db.changes() == 0) return std::nullopt;
  return db.last_insert_rowid();
}

bool rename_group(Database& db, int64_t group_id, const std::string& name) {
  auto s = db.cached("UPDATE OR IGNORE contact_groups SET name = ? WHERE id = ?");
  s->bind_all(std::string_view(name), group_id).run();
  return db.changes() > 0;
}

void delete_group(Database& db, int64_t account_id, int64_t group_id, int64_t default_group) {
  db.cached("UPDATE contacts SET group_id = ? WHERE account_id = ? AND group_id = ?")
      ->bind_all(default_group, account_id, group_id)
      .run();
  db.cached("DELETE FROM contact_groups WHERE id = ? AND account_id = ? AND is_default = 0")
      ->bind_all(group_id, account_id)
      .run();
}

void move_group(Database& db, int64_t account_id, int64_t group_id, int position) {
  // Renumber in the new order, so positions stay 0..n-1 without holes or ties.
  auto groups = groups_of(db, account_id);
  std::vector<int64_t> order;
  for (const auto& g : groups) {
    if (g.id != group_id) order.push_back(g.id);
  }
  const auto at =
      static_cast<size_t>(std::clamp<int64_t>(position, 0, static_cast<int64_t>(order.size())));
  order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), group_id);
  auto s = db.cached("UPDATE contact_groups SET position = ? WHERE id = ?");
  for (size_t i = 0; i < order.size(); ++i) {
    s->bind_all(static_cast<int64_t>(i), order[i]).run();
    s->reset();
  }
}

bool is_contact(Database& db, int64_t account_id, int64_t contact_id) {
  auto s = db.cached("SELECT 1 FROM contacts WHERE account_id = ? AND contact_id = ?");
  s->bind_all(account_id, contact_id);
  return s->step();
}

void add_contact(Database& db, int64_t account_id, int64_t contact_id, int64_t group_id,
                 int64_t now_ms) {
  db.cached(
        "INSERT INTO contacts (account_id, contact_id, group_id, created_at_ms) "
        "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
      ->bind_all(account_id, contact_id, group_id, now_ms)
      .run();
}

bool remove_contact(Database& db, int64_t account_id, int64_t contact_id) {
  db.cached("DELETE FROM contacts WHERE account_id = ? AND contact_id = ?")
      ->bind_all(account_id, contact_id)
      .run();
  return db.changes() > 0;
}

bool move_contact(Database& db, int64_t account_id, int64_t contact_id, int64_t group_id) {
  db.cached("UPDATE contacts SET group_id = ? WHERE account_id = ? AND contact_id = ?")
      ->bind_all(group_id, account_id, contact_id)
      .run();
  return db.changes() > 0;
}

std::vector<std::pair<UserRow, int64_t>> contacts_of(Database& db, int64_t account_id) {
  static const std::string sql = "SELECT " + std::string(kUserColumns) +
                                 ", c.group_id FROM contacts c JOIN accounts a ON a.id = "
                                 "c.contact_id WHERE c.account_id = ? ORDER BY a.display_name";
  auto s = db.cached(sql);
  s->bind(1, account_id);
  std::vector<std::pair<UserRow, int64_t>> out;
  while (s->step()) out.emplace_back(read_user(*s), s->int64(9));
  return out;
}

std::vector<int64_t> presence_audience(Database& db, int64_t account_id) {
  auto s = db.cached(
      "SELECT c.account_id FROM contacts c WHERE c.contact_id = ?1 AND NOT EXISTS "
      "(SELECT 1 FROM blocks b WHERE b.account_id = ?1 AND b.blocked_id = c.account_id)");
  s->bind(1, account_id);
  std::vector<int64_t> out;
  while (s->step()) out.push_back(s->int64(0));
  return out;
}

bool has_request(Database& db, int64_t from_id, int64_t to_id) {
  auto s = db.cached("SELECT 1 FROM contact_requests WHERE from_id = ? AND to_id = ?");
  s->bind_all(from_id, to_id);
  return s->step();
}

void insert_request(Database& db, int64_t from_id, int64_t to_id, int64_t now_ms) {
  db.cached(
        "INSERT INTO contact_requests (from_id, to_id, created_at_ms) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING")
      ->bind_all(from_id, to_id, now_ms)
      .run();
}

bool delete_request(Database& db, int64_t from_id, int64_t to_id) {
  db.cached("DELETE FROM contact_requests WHERE from_id = ? AND to_id = ?")
      ->bind_all(from_id, to_id)
      .run();
  return db.changes() > 0;
}

std::vector<UserRow> incoming_requests(Database& db, int64_t to_id) {
  auto s = db.cached(user_select() +
                     "JOIN contact_requests r ON r.from_id = a.id WHERE r.to_id = ? "
                     "ORDER BY r.created_at_ms");
  s->bind(1, to_id);
  return read_users(*s);
}

std::vector<UserRow> outgoing_requests(Database& db, int64_t from_id) {
  auto s = db.cached(user_select() +
                     "JOIN contact_requests r ON r.to_id = a.id WHERE r.from_id = ? "
                     "ORDER BY r.created_at_ms");
  s->bind(1, from_id);
  return read_users(*s);
}

bool is_blocked(Database& db, int64_t blocker_id, int64_t blocked_id) {
  auto s = db.cached("SELECT 1 FROM blocks WHERE account_id = ? AND blocked_id = ?");
  s->bind_all(blocker_id, blocked_id);
  return s->step();
}

void set_blocked(Database& db, int64_t blocker_id, int64_t blocked_id, bool blocked,
                 int64_t now_ms) {
  if (blocked) {
    db.cached(
          "INSERT INTO blocks (account_id, blocked_id, created_at_ms) VALUES (?, ?, ?) "
          "ON CONFLICT DO NOTHING")
        ->bind_all(blocker_id, blocked_id, now_ms)
        .run();
  } else {
    db.cached("DELETE FROM blocks WHERE account_id = ? AND blocked_id = ?")
        ->bind_all(blocker_id, blocked_id)
        .run();
  }
}

std::vector<std::string> blocked_member_ids(Database& db, int64_t blocker_id) {
  auto s = db.cached(
      "SELECT a.member_id FROM blocks b JOIN accounts a ON a.id = b.blocked_id "
      "WHERE b.account_id = ? ORDER BY a.member_id");
  s->bind(1, blocker_id);
  std::vector<std::string> out;
  while (s->step()) out.push_back(s->text(0));
  return out;
}

void set_presence_choice(Database& db, int64_t account_id, int state, const std::string& text) {
  db.cached("UPDATE accounts SET presence_state = ?, status_text = ? WHERE id = ?")
      ->bind_all(static_cast<int64_t>(state), std::string_view(text), account_id)
      .run();
}

void set_last_seen(Database& db, int64_t account_id, int64_t ms) {
  db.cached("UPDATE accounts SET last_seen_ms = ? WHERE id = ?")->bind_all(ms, account_id).run();
}

void set_contact_policy(Database& db, int64_t account_id, int policy) {
  db.cached("UPDATE accounts SET contact_policy = ? WHERE id = ?")
      ->bind_all(static_cast<int64_t>(policy), account_id)
      .run();
}

}  // namespace souk::storage
