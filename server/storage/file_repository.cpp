#include "server/storage/file_repository.hpp"

#include <algorithm>

#include "server/storage/event_repository.hpp"

namespace souk::storage {

namespace {

constexpr std::string_view kUploadColumns =
    "id, owner_id, upload_key, name, size, mime_type, sha256, committed_offset, "
    "coalesce(file_id, ''), touched_at_ms";

UploadRecord read_upload(const Statement& row) {
  return {row.int64(0), row.int64(1), row.text(2),  row.text(3), row.int64(4),
          row.text(5),  row.blob(6),  row.int64(7), row.text(8), row.int64(9)};
}

constexpr std::string_view kFileColumns =
    "f.id, f.owner_id, a.member_id, f.name, f.size, f.mime_type, f.sha256, f.width, f.height, "
    "f.created_at_ms";

FileRecord read_file(const Statement& row, int first = 0) {
  FileRecord f;
  f.id = row.text(first);
  f.owner_id = row.int64(first + 1);
  f.owner_member_id = row.text(first + 2);
  f.name = row.text(first + 3);
  f.size = row.int64(first + 4);
  f.mime_type = row.text(first + 5);
  f.sha256 = row.blob(first + 6);
  f.width = static_cast<int>(row.int64(first + 7));
  f.height = static_cast<int>(row.int64(first + 8));
  f.created_at_ms = row.int64(first + 9);
  return f;
}

}  // namespace

std::optional<UploadRecord> find_upload(Database& db, int64_t owner_id,
                                        const std::string& upload_key) {
  static const std::string sql = "SELECT " + std::string(kUploadColumns) +
                                 " FROM uploads WHERE owner_id = ? AND upload_key = ?";
  auto stmt = db.cached(sql);
  stmt->bind_all(owner_id, std::string_view(upload_key));
  if (!stmt->step()) return std::nullopt;
  return read_upload(*stmt);
}

int64_t insert_upload(Database& db, const UploadRecord& u) {
  auto stmt = db.cached(
      "INSERT INTO uploads (owner_id, upload_key, name, size, mime_type, sha256, "
      "committed_offset, touched_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  stmt->bind_all(u.owner_id, std::string_view(u.upload_key), std::string_view(u.name), u.size,
                 std::string_view(u.mime_type), Blob{u.sha256}, u.committed_offset, u.touched_at_ms)
      .run();
  return db.last_insert_rowid();
}

void set_upload_committed(Database& db, int64_t upload_id, int64_t offset, int64_t now_ms) {
  auto stmt = db.cached(
      "UPDATE uploads SET committed_offset = max(committed_offset, ?), touched_at_ms = ? "
      "WHERE id = ?");
  stmt->bind_all(offset, now_ms, upload_id).run();
}

void set_upload_complete(Database& db, int64_t upload_id, const std::string& file_id,
                         int64_t now_ms) {
  auto stmt = db.cached(
      "UPDATE uploads SET committed_offset = size, file_id = ?, touched_at_ms = ? WHERE id = ?");
  stmt->bind_all(std::string_view(file_id), now_ms, upload_id).run();
}

void delete_upload(Database& db, int64_t upload_id) {
  auto stmt = db.cached("DELETE FROM uploads WHERE id = ?");
  stmt->bind(1, upload_id).run();
}

std::vector<UploadRecord> uploads_untouched_since(Database& db, int64_t cutoff_ms) {
  static const std::string sql =
      "SELECT " + std::string(kUploadColumns) + " FROM uploads WHERE touched_at_ms < ?";
  auto stmt = db.cached(sql);
  stmt->bind(1, cutoff_ms);
  std::vector<UploadRecord> out;
  while (stmt->step()) out.push_back(read_upload(*stmt));
  return out;
}

std::vector<int64_t> unfinished_upload_ids(Database& db) {
  auto stmt = db.prepare("SELECT id FROM uploads WHERE file_id IS NULL");
  std::vector<int64_t> out;
  while (stmt.step()) out.push_back(stmt.int64(0));
  return out;
}

std::vector<std::string> unfinished_upload_sha256s(Database& db) {
  auto stmt = db.prepare("SELECT DISTINCT sha256 FROM uploads WHERE file_id IS NULL");
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.blob(0));
  return out;
}

int64_t bytes_used_by(Database& db, int64_t owner_id) {
  auto stmt = db.cached(
      "SELECT (SELECT coalesce(sum(size), 0) FROM files WHERE owner_id = ?1) + "
      "(SELECT coalesce(sum(size), 0) FROM uploads WHERE owner_id = ?1 AND file_id IS NULL)");
  stmt->bind(1, owner_id);
  return stmt->step() ? stmt->int64(0) : 0;
}

void insert_file(Database& db, const FileRecord& f) {
  auto stmt = db.cached(
      "INSERT INTO files (id, owner_id, name, size, mime_type, sha256, width, height, "
      "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  stmt->bind_all(std::string_view(f.id), f.owner_id, std::string_view(f.name), f.size,
                 std::string_view(f.mime_type), Blob{f.sha256}, static_cast<int64_t>(f.width),
                 static_cast<int64_t>(f.height), f.created_at_ms)
      .run();
}

std::optional<FileRecord> find_file(Database& db, const std::string& file_id) {
  static const std::string sql = "SELECT " + std::string(kFileColumns) +
                                 " FROM files f JOIN accounts a ON a.id = f.owner_id "
                                 "WHERE f.id = ?";
  auto stmt = db.cached(sql);
  stmt->bind(1, std::string_view(file_id));
  if (!stmt->step()) return std::nullopt;
  return read_file(*stmt);
}

std::optional<int64_t> file_owner(Database& db, const std::string& file_id) {
  auto stmt = db.cached("SELECT owner_id FROM files WHERE id = ?");
  stmt->bind(1, std::string_view(file_id));
  if (!stmt->step()) return std::nullopt;
  return stmt->int64(0);
}

std::vector<FilePlace> places_of_file(Database& db, const std::string& file_id,
                                      int64_t account_id) {
  auto stmt = db.cached(
      "SELECT m.conversation_id, m.seq FROM message_attachments ma "
      "JOIN messages m ON m.id = ma.message_id WHERE ma.file_id = ?1 AND ("
      "  EXISTS (SELECT 1 FROM conversation_members cm "
      "    WHERE cm.conversation_id = m.conversation_id AND cm.account_id = ?2) OR "
      "  EXISTS (SELECT 1 FROM group_departures d "
      "    WHERE d.conversation_id = m.conversation_id AND d.account_id = ?2)) "
      "ORDER BY m.id DESC");
  stmt->bind_all(std::string_view(file_id), account_id);
  std::vector<FilePlace> out;
  while (stmt->step()) out.push_back({stmt->int64(0), stmt->int64(1)});
  return out;
}

std::vector<std::string> stored_sha256s(Database& db) {
  auto stmt = db.prepare("SELECT DISTINCT sha256 FROM files");
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.blob(0));
  return out;
}

std::vector<std::string> files_of_messages_before(Database& db, int64_t cutoff_ms) {
  // The same messages delete_messages_before removes: those below the first one kept.
  auto stmt = db.prepare("SELECT DISTINCT file_id FROM message_attachments WHERE message_id < ?");
  stmt.bind(1, first_message_kept(db, cutoff_ms));
  std::vector<std::string> out;
  while (stmt.step()) out.push_back(stmt.text(0));
  return out;
}

std::vector<std::string> delete_unreferenced_files(Database& db,
                                                   const std::vector<std::string>& file_ids) {
  auto carried = db.cached("SELECT 1 FROM message_attachments WHERE file_id = ? LIMIT 1");
  auto sha = db.cached("SELECT sha256 FROM files WHERE id = ?");
  auto drop_uploads = db.cached("DELETE FROM uploads WHERE file_id = ?");
  auto drop_file = db.cached("DELETE FROM files WHERE id = ?");
  auto shared = db.cached("SELECT 1 FROM files WHERE sha256 = ? LIMIT 1");
  std::vector<std::string> unused;
  for (const auto& id : file_ids) {
    carried->bind(1, std::string_view(id));
    const bool still_carried = carried->step();
    carried->reset();
    if (still_carried) continue;
    sha->bind(1, std::string_view(id));
    if (!sha->step()) {
      sha->reset();
      continue;
    }
    const std::string digest = sha->blob(0);
    sha->reset();
    drop_uploads->bind(1, std::string_view(id)).run();
    drop_uploads->reset();
    drop_file->bind(1, std::string_view(id)).run();
    drop_file->reset();
    shared->bind(1, Blob{digest});
    const bool still_stored = shared->step();
    shared->reset();
    if (!still_stored && std::find(unused.begin(), unused.end(), digest) == unused.end()) {
      unused.push_back(digest);
    }
  }
  return unused;
}

void insert_attachments(Database& db, int64_t message_id, const std::vector<FileRecord>& files) {
  auto stmt =
      db.cached("INSERT INTO message_attachments (message_id, position, file_id) VALUES (?, ?, ?)");
  int64_t position = 0;
  for (const auto& f : files) {
    stmt->bind_all(message_id, position++, std::string_view(f.id)).run();
    stmt->reset();
  }
}

void load_attachments(Database& db, std::vector<MessageRecord*> messages) {
  static const std::string sql = "SELECT " + std::string(kFileColumns) +
                                 " FROM message_attachments ma JOIN files f ON f.id = ma.file_id "
                                 "JOIN accounts a ON a.id = f.owner_id "
                                 "WHERE ma.message_id = ? ORDER BY ma.position";
  auto stmt = db.cached(sql);
  for (auto* m : messages) {
    stmt->bind(1, m->id);
    while (stmt->step()) m->attachments.push_back(read_file(*stmt));
    stmt->reset();
  }
}

std::vector<SharedFileRow> files_in_conversation(Database& db, int64_t conversation_id,
                                                 int64_t before_seq, int limit, SeqWindow window) {
  static const std::string sql =
      "SELECT " + std::string(kFileColumns) +
      ", m.id, m.seq, sender.member_id, m.created_at_ms "
      "FROM messages m JOIN message_attachments ma ON ma.message_id = m.id "
      "JOIN files f ON f.id = ma.file_id JOIN accounts a ON a.id = f.owner_id "
      "JOIN accounts sender ON sender.id = m.sender_id "
      "WHERE m.conversation_id = ? AND m.seq < ? AND m.seq > ? AND m.seq <= ? "
      "ORDER BY m.seq DESC, ma.position LIMIT ?";
  auto stmt = db.cached(sql);
  stmt->bind_all(conversation_id, before_seq > 0 ? before_seq : INT64_MAX, window.from_exclusive,
                 window.to_inclusive, static_cast<int64_t>(limit));
  std::vector<SharedFileRow> out;
  while (stmt->step()) {
    out.push_back(
        {read_file(*stmt), stmt->int64(10), stmt->int64(11), stmt->text(12), stmt->int64(13)});
  }
  return out;
}

}  // namespace souk::storage
