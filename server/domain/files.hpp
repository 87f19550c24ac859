#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "server/domain/accounts.hpp"
#include "server/domain/visibility.hpp"
#include "server/storage/blob_store.hpp"
#include "server/storage/file_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"

namespace souk::domain {

struct FileSettings {
  int64_t max_file_bytes = 2LL << 30;
  int64_t storage_quota_bytes = 10LL << 30;  // per user
  int chunk_bytes = 256 << 10;               // sent per download frame; largest upload chunk
  // An upload is fsynced and its offset committed after this many new bytes (and at the
  // end), beside the writing of the next ones: a crash can make a client send again up to
  // twice this.
  int64_t upload_sync_bytes = 16LL << 20;
  int64_t upload_expiry_ms = 24LL * 3600 * 1000;  // of silence, for unfinished uploads
  // Uploads stop while less than this is free on the data directory's disk, so that the
  // database (messages, receipts, the event log) always has room to write.
  int64_t disk_free_floor_bytes = 1LL << 30;
  int list_page_default = 100;
  int list_page_max = 500;
};

struct UploadRequest {
  std::string upload_id;
  std::string name;
  int64_t size = 0;
  std::string mime_type;
  std::string sha256;
  int64_t offset = 0;
};

class Files;

// One stream's hold on an upload: its partial file, the running hash and how far it got.
// While it lives no other stream may write the same upload; dropping it lets one resume.
class Upload {
 public:
  ~Upload();
  Upload(const Upload&) = delete;
  Upload& operator=(const Upload&) = delete;

  // Sent before and finished then: the stream has nothing more to do.
  bool complete() const { return complete_; }
  const storage::FileRecord& file() const { return file_; }

 private:
  friend class Files;
  Upload(Files& files, storage::UploadRecord record);

  Files& files_;
  storage::UploadRecord record_;
  storage::UniqueFd fd_;
  Sha256 hash_;
  int64_t written_ = 0;  // bytes in the partial file; committed_offset of record_ lags it
  bool complete_ = false;
  storage::FileRecord file_;
  int64_t sync_started_at_ = 0;  // written_ when the last sync began

  // A sync and its commit run on the pool while the stream writes on. At most one at a
  // time; a step that must come after it waits here.
  std::mutex sync_mu_;
  bool syncing_ = false;
  std::function<void()> after_sync_;
  Status sync_failed_;  // how the last one ended, when it failed
};

struct UploadProgress {
  storage::UploadRecord upload;
  int64_t expires_at_ms = 0;                // unless it makes progress before then
  std::optional<storage::FileRecord> file;  // when complete
};

struct Download {
  storage::FileRecord file;
  storage::UniqueFd fd;
  int64_t offset = 0;
};

struct FileList {
  int64_t conversation_id = 0;
  std::vector<storage::SharedFileRow> files;
  bool has_more = false;
};

// Uploads, downloads and the files of a conversation. Every call blocks on disk or SQLite
// reads, so it runs on the pool, never on a gRPC thread; replies come on the pool too.
class Files {
 public:
  Files(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
        boost::asio::thread_pool& pool, const std::filesystem::path& data_dir,
        FileSettings settings);

  const FileSettings& settings() const { return settings_; }

  // Starts or resumes an upload at request.offset, which must be its committed offset.
  void open_upload(const Session& who, UploadRequest request, Reply<std::shared_ptr<Upload>> reply);
  // Appends the next chunk, given in pieces (the slices it arrived in). They must stay
  // valid until `done` runs.
  void write_chunk(const std::shared_ptr<Upload>& upload, std::span<const std::string_view> chunk,
                   std::function<void(Status)> done);
  // The stream ended: with every byte there, verifies the hash and stores the file;
  // otherwise commits what arrived, so the client can resume from it.
  void finish_upload(std::shared_ptr<Upload> upload, Reply<storage::FileRecord> reply);
  Result<UploadProgress> query_upload(const Session& who, const std::string& upload_id);

  // NOT_FOUND unless `who` may read the file.
  Result<Download> open_download(const Session& who, const std::string& file_id, int64_t offset);
  // Reads the next chunk from download.offset into `out` (at most `capacity` bytes and one
  // chunk; none at the end), advancing the offset. Gives the bytes read.
  Result<size_t> read_chunk(Download& download, char* out, size_t capacity);

  // The files sent in the part of a conversation the caller may read.
  Result<FileList> list(const visibility::Window& readable, int64_t before_seq, int limit);

  // Drops unfinished uploads past their expiry now and then every so often.
  void start_expiry();
  // Removes the blobs of these SHA-256s, whose last file rows went in a commit that has
  // completed. Call it from the writer's completion, so that no upload can have found
  // such a blob and been recorded as a file in between; one promoting its bytes right now
  // keeps the blob.
  void remove_blobs(const std::vector<std::string>& sha256s);
  void stop();

 private:
  friend class Upload;
  void release(int64_t upload_id);
  bool hold(int64_t upload_id);
  // Takes the only reference: the answer carries it, or is sent once it is gone.
  void resume(std::shared_ptr<Upload> upload, int64_t offset, Reply<std::shared_ptr<Upload>> reply);
  void commit_progress(std::shared_ptr<Upload> upload, std::function<void(Status)> done);
  // Syncs and commits what was written so far, on the pool, while the stream goes on.
  void start_sync(const std::shared_ptr<Upload>& upload);
  void sync_done(Upload& upload, Status status);
  void finish_after_sync(std::shared_ptr<Upload> upload, Reply<storage::FileRecord> reply);
  // Runs `step` once no sync of the upload is under way (now, if none is), with the failure
  // of the last one, if it failed.
  void after_sync(Upload& upload, std::function<void(Status)> step);
  void store_verified(std::shared_ptr<Upload> upload, Reply<storage::FileRecord> reply);
  // The upload's verified bytes are its blob already (a crash came between the two steps
  // of store_verified): records the file and answers the upload as complete.
  void adopt_blob(std::shared_ptr<Upload> upload, Reply<std::shared_ptr<Upload>> reply);
  std::shared_ptr<storage::FileRecord> new_file(const storage::UploadRecord& record,
                                                const std::filesystem::path& bytes);
  // Writes the file row and completes the upload; ends the promotion of its SHA-256.
  void record_file(std::shared_ptr<Upload> upload, std::shared_ptr<storage::FileRecord> file,
                   Reply<storage::FileRecord> reply);
  void begin_promoting(const std::string& sha256);
  void end_promoting(const std::string& sha256);
  void discard(std::shared_ptr<Upload> upload, Status why, Reply<storage::FileRecord> reply);
  void expire();
  // RESOURCE_EXHAUSTED when writing `more` bytes would leave less than the floor free.
  Status check_free_space(int64_t more) const;
  // At start, before any upload: what a crash left between the disk and the database.
  void remove_orphans();

  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  boost::asio::thread_pool& pool_;
  storage::BlobStore blobs_;
  FileSettings settings_;
  std::mutex mu_;
  std::unordered_set<int64_t> held_;
  // SHA-256 -> uploads between turning their bytes into that blob and recording the file.
  std::unordered_map<std::string, int> promoting_;
  boost::asio::steady_timer expiry_timer_;
  bool stopped_ = false;
};

}  // namespace souk::domain
