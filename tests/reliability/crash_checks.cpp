#include "reliability/crash_checks.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "client/core/channel.hpp"
#include "client/core/file_client.hpp"
#include "common/crypto.hpp"
#include "server/storage/sqlite.hpp"

namespace souk::test {

namespace {

using storage::Database;

std::string file_sha256_hex(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  Sha256 hash;
  std::string block(1 << 16, '\0');
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    hash.update(std::string_view(block.data(), static_cast<size_t>(in.gcount())));
  }
  return hex_encode(hash.finish());
}

int64_t account_id(Database& db, const std::string& member_id) {
  auto stmt = db.prepare("SELECT id FROM accounts WHERE member_id = ?");
  stmt.bind_all(member_id);
  return stmt.step() ? stmt.int64(0) : 0;
}

std::string label(const SentMessage& m) {
  return "message " + std::to_string(m.message_id) + " (" + m.request.client_msg_id() + ")";
}

}  // namespace

std::vector<std::string> check_integrity(const std::filesystem::path& database) {
  Database db(database, Database::Mode::kReadOnly);
  std::vector<std::string> out;
  auto stmt = db.prepare("PRAGMA integrity_check");
  while (stmt.step()) {
    if (stmt.text(0) != "ok") out.push_back("integrity_check: " + stmt.text(0));
  }
  auto keys = db.prepare("PRAGMA foreign_key_check");
  while (keys.step())
    out.push_back("foreign_key_check: a row of " + keys.text(0) + " points nowhere");
  return out;
}

std::vector<std::string> check_messages_stored_once(
    const std::filesystem::path& database,
    const std::vector<std::unique_ptr<LoadMember>>& members) {
  Database db(database, Database::Mode::kReadOnly);
  std::vector<std::string> out;
  struct Row {
    int64_t id, conversation_id, seq;
    std::string text;
  };
  // (sender, client_msg_id) -> every stored row with it.
  std::map<std::pair<std::string, std::string>, std::vector<Row>> stored;
  auto rows = db.prepare(
      "SELECT a.member_id, m.client_msg_id, m.id, m.conversation_id, m.seq, m.text "
      "FROM messages m JOIN accounts a ON a.id = m.sender_id WHERE m.system_kind = 0");
  while (rows.step()) {
    stored[{rows.text(0), rows.text(1)}].push_back(
        {rows.int64(2), rows.int64(3), rows.int64(4), rows.text(5)});
  }
  std::set<std::pair<std::string, std::string>> answered;
  for (const auto& member : members) {
    for (const auto& m : member->sent()) {
      const std::pair key{member->member_id(), m.request.client_msg_id()};
      answered.insert(key);
      const auto it = stored.find(key);
      if (it == stored.end()) {
        out.push_back(label(m) + " was answered OK but is not stored");
        continue;
      }
      if (it->second.size() != 1) {
        out.push_back(label(m) + " is stored " + std::to_string(it->second.size()) + " times");
      }
      const Row& row = it->second.front();
      if (row.id != m.message_id || row.conversation_id != m.conversation_id || row.seq != m.seq ||
          row.text != m.request.text()) {
        out.push_back(label(m) + " is stored as message " + std::to_string(row.id) + " seq " +
                      std::to_string(row.seq) + ", not as answered");
      }
      auto files = db.prepare(
          "SELECT file_id FROM message_attachments WHERE message_id = ? ORDER BY position");
      files.bind_all(m.message_id);
      std::vector<std::string> ids;
      while (files.step()) ids.push_back(files.text(0));
      const std::vector<std::string> sent_ids(m.request.attachment_file_ids().begin(),
                                              m.request.attachment_file_ids().end());
      if (ids != sent_ids) out.push_back(label(m) + " lost or changed its attachments");
    }
  }
  for (const auto& [key, found] : stored) {
    if (answered.count(key) == 0) {
      out.push_back("message " + std::to_string(found.front().id) + " (" + key.second + " from " +
                    key.first + ") is stored but its sender never heard OK");
    }
  }
  // The same message may be seen from both sides; the seq of a chat is never reused.
  auto twins = db.prepare(
      "SELECT conversation_id, seq, count(*) FROM messages GROUP BY conversation_id, seq "
      "HAVING count(*) > 1");
  while (twins.step()) {
    out.push_back("conversation " + std::to_string(twins.int64(0)) + " has seq " +
                  std::to_string(twins.int64(1)) + " twice");
  }
  return out;
}

std::vector<std::string> check_streams(const std::filesystem::path& database,
                                       const std::vector<std::unique_ptr<LoadMember>>& members) {
  Database db(database, Database::Mode::kReadOnly);
  std::vector<std::string> out;
  // member -> how many times each message arrived on its streams.
  std::map<std::string, std::map<int64_t, int>> arrived;
  for (const auto& member : members) {
    const int64_t account = account_id(db, member->member_id());
    const auto seen = member->seen();
    auto& counts = arrived[member->member_id()];
    for (const auto& e : seen) {
      if (e.message_id != 0) ++counts[e.message_id];
    }
    auto log = db.prepare(
        "SELECT seq, CASE WHEN kind = 1 THEN message_id ELSE 0 END FROM events "
        "WHERE account_id = ? ORDER BY seq");
    log.bind_all(account);
    size_t i = 0;
    for (; log.step(); ++i) {
      const SeenEvent want{log.int64(0), log.int64(1)};
      if (i >= seen.size()) {
        out.push_back(member->member_id() + ": seq " + std::to_string(want.seq) +
                      " of the log never arrived (" + std::to_string(seen.size()) + " did)");
        break;
      }
      if (seen[i].seq != want.seq || seen[i].message_id != want.message_id) {
        out.push_back(member->member_id() + ": event " + std::to_string(i) + " arrived as seq " +
                      std::to_string(seen[i].seq) + " message " +
                      std::to_string(seen[i].message_id) + ", the log has seq " +
                      std::to_string(want.seq) + " message " + std::to_string(want.message_id));
        break;
      }
    }
    if (i < seen.size() && out.empty()) {
      out.push_back(member->member_id() + ": " + std::to_string(seen.size() - i) +
                    " events arrived that the log does not have");
    }
  }
  // Every member of the chat hears of each message once: the sender's other devices too.
  for (const auto& member : members) {
    for (const auto& m : member->sent()) {
      auto audience = db.prepare(
          "SELECT a.member_id FROM conversation_members c JOIN accounts a ON a.id = c.account_id "
          "WHERE c.conversation_id = ?");
      audience.bind_all(m.conversation_id);
      while (audience.step()) {
        const std::string who = audience.text(0);
        const auto it = arrived.find(who);
        if (it == arrived.end()) continue;  // not one of the loaded members
        const auto n = it->second.count(m.message_id) ? it->second.at(m.message_id) : 0;
        if (n != 1) {
          out.push_back(label(m) + " reached " + who + " " + std::to_string(n) + " times");
        }
      }
    }
  }
  return out;
}

std::vector<std::string> check_files(const std::filesystem::path& data_dir,
                                     const std::vector<std::unique_ptr<LoadMember>>& members) {
  Database db(data_dir / "souk.db", Database::Mode::kReadOnly);
  std::vector<std::string> out;
  std::set<std::string> known_hashes;
  // A blob belongs to a file, or to an unfinished upload whose verified bytes it holds.
  auto hashes =
      db.prepare("SELECT sha256 FROM files UNION SELECT sha256 FROM uploads WHERE file_id IS NULL");
  while (hashes.step()) known_hashes.insert(hex_encode(hashes.blob(0)));

  for (const auto& member : members) {
    for (const auto& u : member->uploads()) {
      auto row = db.prepare("SELECT sha256, size FROM files WHERE id = ?");
      row.bind_all(u.file_id);
      if (!row.step()) {
        out.push_back("file " + u.file_id + " of upload " + u.upload_id + " has no row");
        continue;
      }
      if (hex_encode(row.blob(0)) != u.sha256_hex || row.int64(1) != u.size) {
        out.push_back("file " + u.file_id + " is recorded with another hash or size");
      }
      const auto blob = data_dir / "files" / u.sha256_hex.substr(0, 2) / u.sha256_hex;
      if (!std::filesystem::exists(blob)) {
        out.push_back("file " + u.file_id + " has no blob");
      } else if (std::filesystem::file_size(blob) != static_cast<uintmax_t>(u.size)) {
        out.push_back("file " + u.file_id + "'s blob has " +
                      std::to_string(std::filesystem::file_size(blob)) + " bytes, not " +
                      std::to_string(u.size));
      }
    }
  }
  const auto files = data_dir / "files";
  if (std::filesystem::exists(files)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(files)) {
      if (!entry.is_regular_file()) continue;
      const std::string name = entry.path().filename().string();
      if (known_hashes.count(name) == 0) out.push_back("blob " + name + " belongs to no file");
      if (file_sha256_hex(entry.path()) != name) {
        out.push_back("blob " + name + " does not hold the bytes its name promises");
      }
    }
  }
  std::set<std::string> unfinished;
  auto uploads = db.prepare("SELECT id FROM uploads WHERE file_id IS NULL");
  while (uploads.step()) unfinished.insert(std::to_string(uploads.int64(0)) + ".part");
  const auto partials = data_dir / "uploads";
  if (std::filesystem::exists(partials)) {
    for (const auto& entry : std::filesystem::directory_iterator(partials)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && unfinished.count(name) == 0) {
        out.push_back("partial upload " + name + " belongs to no unfinished upload");
      }
    }
  }
  return out;
}

std::vector<std::string> check_downloads(const std::string& address,
                                         const std::vector<std::unique_ptr<LoadMember>>& members) {
  std::vector<std::string> out;
  for (const auto& member : members) {
    client::FileClient files(*client::open_channel({address, ""}), member->token());
    for (const auto& u : member->uploads()) {
      Sha256 hash;
      int64_t size = 0;
      auto got = files.download(u.file_id, 0, [&](std::string_view chunk) {
        hash.update(chunk);
        size += static_cast<int64_t>(chunk.size());
        return Status::Ok();
      });
      if (!got.ok()) {
        out.push_back("file " + u.file_id + " does not download: " + got.status().message());
      } else if (hex_encode(hash.finish()) != u.sha256_hex || size != u.size) {
        out.push_back("file " + u.file_id + " downloads with other bytes than were sent");
      }
    }
  }
  return out;
}

}  // namespace souk::test
