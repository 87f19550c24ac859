#include "server/storage/group_repository.hpp"

namespace souk::storage {

namespace {

constexpr std::string_view kMemberColumns =
    "m.account_id, a.member_id, a.display_name, m.role, m.joined_seq, m.history_from_seq, "
    "m.delivered_seq, m.read_seq, m.joined_at_ms";

GroupMemberRow read_member(const Statement& row) {
  return {row.int64(0), row.text(1),  row.text(2),  static_cast<GroupRole>(row.int64(3)),
          row.int64(4), row.int64(5), row.int64(6), row.int64(7),
          row.int64(8)};
}

}  // namespace

int64_t create_group_conversation(Database& db, const std::string& name,
                                  HistoryVisibility visibility, int64_t now_ms) {
  auto stmt = db.cached(
      "INSERT INTO conversations (kind, name, history_visibility, last_activity_ms, "
      "created_at_ms) VALUES (2, ?, ?, ?, ?)");
  stmt->bind_all(std::string_view(name), static_cast<int64_t>(visibility), now_ms, now_ms).run();
  return db.last_insert_rowid();
}

std::optional<GroupInfo> find_group(Database& db, int64_t conversation_id) {
  auto stmt = db.cached(
      "SELECT id, name, history_visibility, created_at_ms, last_seq FROM conversations "
      "WHERE id = ? AND kind = 2");
  stmt->bind(1, conversation_id);
  if (!stmt->step()) return std::nullopt;
  return GroupInfo{stmt->int64(0), stmt->text(1), static_cast<HistoryVisibility>(stmt->int64(2)),
                   stmt->int64(3), stmt->int64(4)};
}

void rename_group_conversation(Database& db, int64_t conversation_id, const std::string& name) {
  auto stmt = db.cached("UPDATE conversations SET name = ? WHERE id = ?");
  stmt->bind_all(std::string_view(name), conversation_id).run();
}

void set_history_visibility(Database& db, int64_t conversation_id, HistoryVisibility visibility) {
  auto stmt = db.cached("UPDATE conversations SET history_visibility = ? WHERE id = ?");
  stmt->bind_all(static_cast<int64_t>(visibility), conversation_id).run();
}

void insert_group_member(Database& db, int64_t conversation_id, const NewMember& m) {
  auto stmt = db.cached(
      "INSERT INTO conversation_members (conversation_id, account_id, role, joined_seq, "
      "history_from_seq, delivered_seq, read_seq, joined_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  stmt->bind_all(conversation_id, m.account_id, static_cast<int64_t>(m.role), m.joined_seq,
                 m.history_from_seq, m.watermark, m.watermark, m.now_ms)
      .run();
}

void delete_group_member(Database& db, int64_t conversation_id, int64_t account_id) {
  auto stmt =
      db.cached("DELETE FROM conversation_members WHERE conversation_id = ? AND account_id = ?");
  stmt->bind_all(conversation_id, account_id).run();
}

void set_group_role(Database& db, int64_t conversation_id, int64_t account_id, GroupRole role) {
  auto stmt = db.cached(
      "UPDATE conversation_members SET role = ? WHERE conversation_id = ? AND account_id = ?");
  stmt->bind_all(static_cast<int64_t>(role), conversation_id, account_id).run();
}

int group_member_count(Database& db, int64_t conversation_id) {
  auto stmt = db.cached("SELECT count(*) FROM conversation_members WHERE conversation_id = ?");
  stmt->bind(1, conversation_id);
  return stmt->step() ? static_cast<int>(stmt->int64(0)) : 0;
}

std::optional<GroupMemberRow> group_member(Database& db, int64_t conversation_id,
                                           int64_t account_id) {
  static const std::string sql = "SELECT " + std::string(kMemberColumns) +
                                 " FROM conversation_members m JOIN accounts a ON a.id = "
                                 "m.account_id WHERE m.conversation_id = ? AND m.account_id = ?";
  auto stmt = db.cached(sql);
  stmt->bind_all(conversation_id, account_id);
  if (!stmt->step()) return std::nullopt;
  return read_member(*stmt);
}

std::vector<GroupMemberRow> group_members(Database& db, int64_t conversation_id) {
  static const std::string sql =
      "SELECT " + std::string(kMemberColumns) +
      " FROM conversation_members m JOIN accounts a ON a.id = m.account_id "
      "WHERE m.conversation_id = ? ORDER BY m.role DESC, a.member_id";
  auto stmt = db.cached(sql);
  stmt->bind(1, conversation_id);
  std::vector<GroupMemberRow> out;
  while (stmt->step()) out.push_back(read_member(*stmt));
  return out;
}

void record_departure(Database& db, int64_t conversation_id, int64_t account_id, Departure d) {
  auto stmt = db.cached(
      "INSERT OR REPLACE INTO group_departures (conversation_id, account_id, history_from_seq, "
      "left_seq) VALUES (?, ?, ?, ?)");
  stmt->bind_all(conversation_id, account_id, d.history_from_seq, d.left_seq).run();
}

void forget_departure(Database& db, int64_t conversation_id, int64_t account_id) {
  auto stmt =
      db.cached("DELETE FROM group_departures WHERE conversation_id = ? AND account_id = ?");
  stmt->bind_all(conversation_id, account_id).run();
}

std::optional<Departure> find_departure(Database& db, int64_t conversation_id, int64_t account_id) {
  auto stmt = db.cached(
      "SELECT history_from_seq, left_seq FROM group_departures "
      "WHERE conversation_id = ? AND account_id = ?");
  stmt->bind_all(conversation_id, account_id);
  if (!stmt->step()) return std::nullopt;
  return Departure{stmt->int64(0), stmt->int64(1)};
}

std::vector<GroupListing> groups_of_member(Database& db, int64_t account_id) {
  auto stmt = db.cached(
      "SELECT c.id, c.name, c.history_visibility, c.created_at_ms, c.last_seq, me.role, "
      "  me.read_seq, me.history_from_seq, "
      "  (SELECT count(*) FROM conversation_members n WHERE n.conversation_id = c.id), "
      "  coalesce((SELECT a.member_id FROM conversation_members o JOIN accounts a "
      "    ON a.id = o.account_id WHERE o.conversation_id = c.id AND o.role = 3), '') "
      "FROM conversation_members me JOIN conversations c ON c.id = me.conversation_id "
      "WHERE me.account_id = ? AND c.kind = 2 ORDER BY c.last_activity_ms DESC, c.id DESC");
  stmt->bind(1, account_id);
  std::vector<GroupListing> out;
  while (stmt->step()) {
    GroupListing g;
    g.group = {stmt->int64(0), stmt->text(1), static_cast<HistoryVisibility>(stmt->int64(2)),
               stmt->int64(3), stmt->int64(4)};
    g.my_role = static_cast<GroupRole>(stmt->int64(5));
    g.read_seq = stmt->int64(6);
    g.history_from_seq = stmt->int64(7);
    g.member_count = static_cast<int>(stmt->int64(8));
    g.owner_member_id = stmt->text(9);
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<int64_t> senders_between(Database& db, int64_t conversation_id, int64_t from_exclusive,
                                     int64_t to_inclusive, int64_t except) {
  auto stmt = db.cached(
      "SELECT DISTINCT sender_id FROM messages WHERE conversation_id = ? AND seq > ? AND "
      "seq <= ? AND sender_id != ? AND system_kind = 0");
  stmt->bind_all(conversation_id, from_exclusive, to_inclusive, except);
  std::vector<int64_t> out;
  while (stmt->step()) out.push_back(stmt->int64(0));
  return out;
}

}  // namespace souk::storage
