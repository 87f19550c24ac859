#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/storage/chat_records.hpp"
#include "server/storage/conversation_repository.hpp"
#include "server/storage/sqlite.hpp"

namespace souk::storage {

// An upload in progress (or finished, until it expires): the client's key for it, what
// the file will be, and how many bytes are safely on disk.
struct UploadRecord {
  int64_t id = 0;  // names the partial file
  int64_t owner_id = 0;
  std::string upload_key;
  std::string name;
  int64_t size = 0;
  std::string mime_type;
  std::string sha256;
  int64_t committed_offset = 0;
  std::string file_id;        // empty until complete
  int64_t touched_at_ms = 0;  // last progress
};

std::optional<UploadRecord> find_upload(Database& db, int64_t owner_id,
                                        const std::string& upload_key);
int64_t insert_upload(Database& db, const UploadRecord& upload);
void set_upload_committed(Database& db, int64_t upload_id, int64_t offset, int64_t now_ms);
void set_upload_complete(Database& db, int64_t upload_id, const std::string& file_id,
                         int64_t now_ms);
void delete_upload(Database& db, int64_t upload_id);
// Uploads without progress since before the cutoff: unfinished ones have a partial file
// to remove.
std::vector<UploadRecord> uploads_untouched_since(Database& db, int64_t cutoff_ms);

// Ids of unfinished uploads: the ones whose partial file is still wanted.
std::vector<int64_t> unfinished_upload_ids(Database& db);
// SHA-256s of unfinished uploads: a crash may have left one's verified bytes as a blob
// before its file was recorded, and its resume records the file from that blob.
std::vector<std::string> unfinished_upload_sha256s(Database& db);

// Bytes the owner's files take, plus the declared sizes of their unfinished uploads.
int64_t bytes_used_by(Database& db, int64_t owner_id);

void insert_file(Database& db, const FileRecord& file);
std::optional<FileRecord> find_file(Database& db, const std::string& file_id);
std::optional<int64_t> file_owner(Database& db, const std::string& file_id);
// A message that carried a file.
struct FilePlace {
  int64_t conversation_id = 0;
  int64_t seq = 0;
};
// The messages that carried the file in conversations the account is in or has left,
// newest first: where it may have seen the file.
std::vector<FilePlace> places_of_file(Database& db, const std::string& file_id, int64_t account_id);

// Every SHA-256 some file row names: the blobs in use.
std::vector<std::string> stored_sha256s(Database& db);
// Files carried by messages created before the cutoff: what deleting them may free.
std::vector<std::string> files_of_messages_before(Database& db, int64_t cutoff_ms);
// Of these files, removes those no message carries any more (with the finished uploads
// that produced them), which gives their bytes back to their owner's quota. Returns the
// SHA-256 of each blob that no file row names afterwards.
std::vector<std::string> delete_unreferenced_files(Database& db,
                                                   const std::vector<std::string>& file_ids);

void insert_attachments(Database& db, int64_t message_id, const std::vector<FileRecord>& files);
// Fills each message's attachments (in the order they were sent).
void load_attachments(Database& db, std::vector<MessageRecord*> messages);

struct SharedFileRow {
  FileRecord file;
  int64_t message_id = 0;
  int64_t message_seq = 0;
  std::string sender_member_id;
  int64_t sent_at_ms = 0;
};
// Files of the conversation's messages before before_seq (0: all) and inside `window`,
// newest first.
std::vector<SharedFileRow> files_in_conversation(Database& db, int64_t conversation_id,
                                                 int64_t before_seq, int limit, SeqWindow window);

}  // namespace souk::storage
