#include "server/domain/files.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "common/file_validation.hpp"
#include "server/domain/photo_size.hpp"

namespace souk::domain {

using storage::Database;
using storage::FileRecord;
using storage::UploadRecord;

namespace {

constexpr int64_t kRehashBlockBytes = 1 << 20;
constexpr int64_t kSha256Bytes = 32;

Status validate_upload(UploadRequest& in, const FileSettings& settings) {
  if (auto s = validate_upload_id(in.upload_id); !s.ok()) return s;
  auto name = clean_file_name(in.name);
  if (!name) return name.status();
  in.name = std::move(*name);
  auto mime = clean_mime_type(in.mime_type);
  if (!mime) return mime.status();
  in.mime_type = std::move(*mime);
  if (in.size < 0) return invalid_argument("size must not be negative");
  if (in.size > settings.max_file_bytes) {
    return resource_exhausted("file is " + std::to_string(in.size) + " bytes; max_file_bytes is " +
                              std::to_string(settings.max_file_bytes));
  }
  if (static_cast<int64_t>(in.sha256.size()) != kSha256Bytes) {
    return invalid_argument("sha256 must be the 32-byte SHA-256 digest of the file");
  }
  if (in.offset < 0) return invalid_argument("offset must not be negative");
  return Status::Ok();
}

// A refused resume answers once the stream's hold is gone, as a successful one hands its
// only reference over: a client that retries at once finds the upload free.
void refuse(std::shared_ptr<Upload>& upload, const Reply<std::shared_ptr<Upload>>& reply,
            Status why) {
  upload.reset();
  reply(std::move(why));
}

std::string new_file_id() {
  return "f" + base64url_encode(random_bytes(12));
}

}  // namespace

Upload::Upload(Files& files, UploadRecord record) : files_(files), record_(std::move(record)) {}

Upload::~Upload() {
  files_.release(record_.id);
}

Files::Files(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
             boost::asio::thread_pool& pool, const std::filesystem::path& data_dir,
             FileSettings settings)
    : writer_(writer),
      readers_(readers),
      clock_(clock),
      pool_(pool),
      blobs_(data_dir),
      settings_(settings),
      expiry_timer_(pool) {
  remove_orphans();
}

Status Files::check_free_space(int64_t more) const {
  auto free = blobs_.free_bytes();
  if (!free) return free.status();
  if (*free - more < settings_.disk_free_floor_bytes) {
    spdlog::warn("refusing upload bytes: {} bytes free, {} more asked, disk_free_floor_bytes {}",
                 *free, more, settings_.disk_free_floor_bytes);
    return resource_exhausted("the server is low on disk space; try again later");
  }
  return Status::Ok();
}

bool Files::hold(int64_t upload_id) {
  std::lock_guard lock(mu_);
  return held_.insert(upload_id).second;
}

void Files::release(int64_t upload_id) {
  std::lock_guard lock(mu_);
  held_.erase(upload_id);
}

void Files::open_upload(const Session& who, UploadRequest in,
                        Reply<std::shared_ptr<Upload>> reply) {
  if (auto s = validate_upload(in, settings_); !s.ok()) return reply(s);
  auto existing = readers_.with(
      [&](Database& db) { return storage::find_upload(db, who.account_id, in.upload_id); });
  if (existing) {
    if (existing->size != in.size || existing->sha256 != in.sha256) {
      return reply(failed_precondition("upload_id '" + in.upload_id +
                                       "' belongs to another file (size or sha256 differ)"));
    }
    if (!hold(existing->id)) {
      return reply(unavailable("upload '" + in.upload_id +
                               "' is being sent on another connection; try again in a moment"));
    }
    auto upload = std::shared_ptr<Upload>(new Upload(*this, std::move(*existing)));
    if (!upload->record_.file_id.empty()) {
      auto file = readers_.with(
          [&](Database& db) { return storage::find_file(db, upload->record_.file_id); });
      if (!file) return refuse(upload, reply, internal_error("a finished upload lost its file"));
      upload->complete_ = true;
      upload->file_ = std::move(*file);
      return reply(std::move(upload));
    }
    const auto& held = upload->record_;
    if (auto s = check_free_space(held.size - held.committed_offset); !s.ok()) {
      return refuse(upload, reply, s);
    }
    return resume(std::move(upload), in.offset, std::move(reply));
  }
  if (in.offset != 0) {
    return reply(failed_precondition("no upload '" + in.upload_id + "' to resume; start at 0"));
  }
  if (auto s = check_free_space(in.size); !s.ok()) return reply(s);

  auto record = std::make_shared<UploadRecord>();
  record->owner_id = who.account_id;
  record->upload_key = in.upload_id;
  record->name = std::move(in.name);
  record->size = in.size;
  record->mime_type = std::move(in.mime_type);
  record->sha256 = std::move(in.sha256);
  record->touched_at_ms = clock_.now_ms();
  const int64_t quota = settings_.storage_quota_bytes;
  writer_.submit(
      [record, quota](Database& db) -> Status {
        if (storage::find_upload(db, record->owner_id, record->upload_key)) {
          return unavailable("upload '" + record->upload_key +
                             "' was started on another connection; query it and resume");
        }
        const int64_t used = storage::bytes_used_by(db, record->owner_id);
        if (used + record->size > quota) {
          return resource_exhausted("storage quota: you use " + std::to_string(used) +
                                    " bytes, this file needs " + std::to_string(record->size) +
                                    " more; storage_quota_bytes is " + std::to_string(quota));
        }
        record->id = storage::insert_upload(db, *record);
        return Status::Ok();
      },
      [this, record, reply = std::move(reply)](Status s) mutable {
        if (!s.ok()) return reply(s);
        if (!hold(record->id)) return reply(unavailable("upload is busy; try again"));
        auto upload = std::shared_ptr<Upload>(new Upload(*this, std::move(*record)));
        // Completions run on the writer's strand: file work goes back to the pool.
        boost::asio::post(pool_,
                          [this, upload = std::move(upload), reply = std::move(reply)]() mutable {
                            resume(std::move(upload), 0, std::move(reply));
                          });
      });
}

void Files::resume(std::shared_ptr<Upload> upload, int64_t offset,
                   Reply<std::shared_ptr<Upload>> reply) {
  auto& record = upload->record_;
  // Committed bytes whose partial file is gone were verified and moved into the blob
  // store, and a crash came before the file was recorded: nothing else removes the partial
  // of an upload that still exists (discard and expiry delete the upload first).
  std::error_code ec;
  if (record.committed_offset > 0 && !std::filesystem::exists(blobs_.partial_path(record.id), ec) &&
      !ec) {
    return adopt_blob(upload, std::move(reply));
  }
  auto fd = blobs_.open_partial(record.id);
  if (!fd) return refuse(upload, reply, fd.status());
  upload->fd_ = std::move(*fd);
  const int64_t committed = record.committed_offset;
  // Bytes past the committed offset were never promised to anyone: cut them off.
  const int64_t on_disk = ::lseek(upload->fd_.get(), 0, SEEK_END);
  if (on_disk < committed) {
    spdlog::error("upload {} has {} bytes on disk but {} committed", record.id, on_disk, committed);
    return refuse(upload, reply,
                  data_loss("the server lost this upload's bytes; start it again under a new "
                            "upload_id"));
  }
  if (::ftruncate(upload->fd_.get(), committed) != 0) {
    return refuse(upload, reply, storage::io_error(errno, "trimming the partial upload"));
  }
  // A client may start before the committed offset (it asked while an earlier stream was
  // still committing); the bytes it sends again overwrite the same bytes, and the hash at
  // the end catches any that differ.
  if (offset > committed) {
    return refuse(upload, reply,
                  failed_precondition("resume at committed_offset " + std::to_string(committed) +
                                      " (or before), not " + std::to_string(offset)));
  }
  // The hash of what comes before, so the end can be checked without a second pass.
  std::string block;
  for (int64_t at = 0; at < offset;) {
    block.resize(static_cast<size_t>(std::min(kRehashBlockBytes, offset - at)));
    auto n = storage::read_at(upload->fd_.get(), block.data(), block.size(), at);
    if (!n) return refuse(upload, reply, n.status());
    if (*n == 0) {
      return refuse(upload, reply, data_loss("the partial upload is shorter than committed"));
    }
    upload->hash_.update(std::string_view(block.data(), *n));
    at += static_cast<int64_t>(*n);
  }
  upload->written_ = offset;
  upload->sync_started_at_ = offset;
  reply(std::move(upload));
}

void Files::write_chunk(const std::shared_ptr<Upload>& upload,
                        std::span<const std::string_view> chunk, std::function<void(Status)> done) {
  const auto& record = upload->record_;
  int64_t size = 0;
  for (const auto piece : chunk) size += static_cast<int64_t>(piece.size());
  if (size > settings_.chunk_bytes) {
    return done(invalid_argument("chunk of " + std::to_string(size) +
                                 " bytes; the largest accepted is " +
                                 std::to_string(settings_.chunk_bytes)));
  }
  if (upload->written_ + size > record.size) {
    return done(
        invalid_argument("more bytes than the header's size of " + std::to_string(record.size)));
  }
  // Checked on every chunk: other uploads and the database fill the same disk meanwhile.
  if (auto s = check_free_space(size); !s.ok()) return done(s);
  if (auto s = storage::write_at(upload->fd_.get(), chunk, upload->written_); !s.ok()) {
    return done(s);
  }
  for (const auto piece : chunk) upload->hash_.update(piece);
  upload->written_ += size;
  if (upload->written_ - upload->sync_started_at_ < settings_.upload_sync_bytes) {
    return done(Status::Ok());
  }
  // The stream goes on while the disk syncs: waiting for each sync left the disk and the
  // network idle by turns, and uploads at about half the disk's rate (BENCHMARKS.md). Only
  // a sync still under way from the last boundary holds it up.
  after_sync(*upload, [this, upload, done = std::move(done)](Status failed) {
    if (!failed.ok()) return done(failed);
    start_sync(upload);
    done(Status::Ok());
  });
}

void Files::commit_progress(std::shared_ptr<Upload> upload, std::function<void(Status)> done) {
  const int64_t offset = upload->written_;
  Status synced;
  // On disk first, then in SQLite: a committed offset always has its bytes behind it.
  if (offset <= upload->record_.committed_offset ||
      !(synced = storage::sync_data(upload->fd_.get())).ok()) {
    upload.reset();  // as below: answer only once the hold is gone
    return done(synced);
  }
  const int64_t id = upload->record_.id;
  const int64_t now = clock_.now_ms();
  writer_.submit(
      [id, offset, now](Database& db) -> Status {
        storage::set_upload_committed(db, id, offset, now);
        return Status::Ok();
      },
      [upload = std::move(upload), offset, done = std::move(done)](Status s) mutable {
        if (s.ok()) upload->record_.committed_offset = offset;
        // When the stream is over this was the last hold: let a resume in before answering.
        upload.reset();
        done(s);
      });
}

void Files::finish_upload(std::shared_ptr<Upload> upload, Reply<FileRecord> reply) {
  // After the sync under way, whose commit would otherwise land after this one's.
  auto* target = upload.get();
  after_sync(*target,
             [this, upload = std::move(upload), reply = std::move(reply)](Status failed) mutable {
               if (!failed.ok()) return reply(failed);
               finish_after_sync(std::move(upload), std::move(reply));
             });
}

void Files::finish_after_sync(std::shared_ptr<Upload> upload, Reply<FileRecord> reply) {
  const auto& record = upload->record_;
  if (upload->written_ < record.size) {
    const int64_t got = upload->written_;
    const int64_t size = record.size;
    return commit_progress(std::move(upload), [got, size, reply = std::move(reply)](Status s) {
      if (!s.ok()) return reply(s);
      reply(failed_precondition("the stream ended after " + std::to_string(got) + " of " +
                                std::to_string(size) + " bytes; resume at " + std::to_string(got)));
    });
  }
  if (auto s = storage::sync_data(upload->fd_.get()); !s.ok()) return reply(s);
  const std::string digest = upload->hash_.finish();
  if (digest != record.sha256) {
    return discard(
        std::move(upload),
        data_loss("the bytes received have SHA-256 " + hex_encode(digest) + ", not the header's " +
                  hex_encode(record.sha256) + "; nothing was kept, upload the file again"),
        std::move(reply));
  }
  store_verified(std::move(upload), std::move(reply));
}

void Files::discard(std::shared_ptr<Upload> upload, Status why, Reply<FileRecord> reply) {
  upload->fd_ = {};
  const int64_t id = upload->record_.id;
  // The upload goes before its partial file: an upload whose committed bytes have no
  // partial is taken for one whose verified bytes became a blob (see resume).
  writer_.submit(
      [id](Database& db) -> Status {
        storage::delete_upload(db, id);
        return Status::Ok();
      },
      [this, upload = std::move(upload), why, reply = std::move(reply)](Status s) mutable {
        if (s.ok()) blobs_.remove_partial(upload->record_.id);
        upload.reset();
        reply(s.ok() ? why : s);
      });
}

std::shared_ptr<FileRecord> Files::new_file(const UploadRecord& record,
                                            const std::filesystem::path& bytes) {
  auto file = std::make_shared<FileRecord>();
  file->id = new_file_id();
  file->owner_id = record.owner_id;
  file->name = record.name;
  file->size = record.size;
  file->mime_type = record.mime_type;
  file->sha256 = record.sha256;
  file->created_at_ms = clock_.now_ms();
  if (auto size = photo_size(bytes)) {
    file->width = size->width;
    file->height = size->height;
  }
  return file;
}

void Files::begin_promoting(const std::string& sha256) {
  std::lock_guard lock(mu_);
  ++promoting_[sha256];
}

void Files::end_promoting(const std::string& sha256) {
  std::lock_guard lock(mu_);
  if (--promoting_[sha256] == 0) promoting_.erase(sha256);
}

void Files::store_verified(std::shared_ptr<Upload> upload, Reply<FileRecord> reply) {
  const auto& record = upload->record_;
  auto file = new_file(record, blobs_.partial_path(record.id));
  upload->fd_ = {};
  // From here until the file row is written, retention must not remove this blob: it may
  // be one whose last file it has just deleted, found here as already stored.
  begin_promoting(record.sha256);
  if (auto s = blobs_.promote(record.id, record.sha256); !s.ok()) {
    end_promoting(record.sha256);
    return reply(s);
  }
  record_file(std::move(upload), std::move(file), std::move(reply));
}

void Files::adopt_blob(std::shared_ptr<Upload> upload, Reply<std::shared_ptr<Upload>> reply) {
  const auto& record = upload->record_;
  begin_promoting(record.sha256);
  const auto blob = blobs_.blob_path(record.sha256);
  std::error_code ec;
  const auto size = std::filesystem::file_size(blob, ec);
  if (ec || static_cast<int64_t>(size) != record.size) {
    end_promoting(record.sha256);
    spdlog::error("upload {} has {} bytes committed but neither its partial file nor its blob",
                  record.id, record.committed_offset);
    return reply(
        data_loss("the server lost this upload's bytes; start it again under a new "
                  "upload_id"));
  }
  spdlog::info("upload {} was stored before a restart; recording its file now", record.id);
  auto file = new_file(record, blob);
  record_file(upload, std::move(file),
              [upload, reply = std::move(reply)](Result<FileRecord> stored) mutable {
                if (!stored) return reply(stored.status());
                upload->complete_ = true;
                upload->file_ = std::move(*stored);
                reply(std::move(upload));
              });
}

void Files::record_file(std::shared_ptr<Upload> upload, std::shared_ptr<FileRecord> file,
                        Reply<FileRecord> reply) {
  const int64_t id = upload->record_.id;
  const int64_t now = clock_.now_ms();
  writer_.submit(
      [file, id, now](Database& db) -> Status {
        storage::insert_file(db, *file);
        storage::set_upload_complete(db, id, file->id, now);
        file->owner_member_id = storage::find_file(db, file->id)->owner_member_id;
        return Status::Ok();
      },
      [this, upload = std::move(upload), file, reply = std::move(reply)](Status s) mutable {
        end_promoting(file->sha256);
        upload.reset();
        if (!s.ok()) return reply(s);
        reply(std::move(*file));
      });
}

Result<UploadProgress> Files::query_upload(const Session& who, const std::string& upload_id) {
  if (auto s = validate_upload_id(upload_id); !s.ok()) return s;
  return readers_.with([&](Database& db) -> Result<UploadProgress> {
    auto upload = storage::find_upload(db, who.account_id, upload_id);
    if (!upload) return not_found("no upload '" + upload_id + "'; start one at offset 0");
    const int64_t expires = upload->touched_at_ms + settings_.upload_expiry_ms;
    UploadProgress out{std::move(*upload), expires, std::nullopt};
    if (!out.upload.file_id.empty()) out.file = storage::find_file(db, out.upload.file_id);
    return out;
  });
}

Result<Download> Files::open_download(const Session& who, const std::string& file_id,
                                      int64_t offset) {
  if (auto s = validate_file_id(file_id); !s.ok()) return s;
  auto file = readers_.with([&](Database& db) -> std::optional<FileRecord> {
    if (!visibility::may_see_file(db, who.account_id, file_id)) return std::nullopt;
    return storage::find_file(db, file_id);
  });
  // The same answer whether the file does not exist or is someone else's.
  if (!file) return not_found("no file '" + file_id + "' that you may read");
  if (offset < 0 || offset > file->size) {
    return invalid_argument("offset " + std::to_string(offset) + " is outside the file (" +
                            std::to_string(file->size) + " bytes)");
  }
  auto fd = blobs_.open_blob(file->sha256);
  if (!fd) {
    spdlog::error("file {}: {}", file_id, fd.status().message());
    return fd.status();
  }
  return Download{std::move(*file), std::move(*fd), offset};
}

Result<size_t> Files::read_chunk(Download& download, char* out, size_t capacity) {
  const int64_t left = download.file.size - download.offset;
  const auto want = static_cast<size_t>(
      std::min<int64_t>({left, settings_.chunk_bytes, static_cast<int64_t>(capacity)}));
  if (want == 0) return size_t{0};
  auto n = storage::read_at(download.fd.get(), out, want, download.offset);
  if (!n) return n.status();
  if (*n != want) {
    spdlog::error("file {} is shorter on disk than recorded", download.file.id);
    return data_loss("the stored file is damaged; the server's log says more");
  }
  download.offset += static_cast<int64_t>(*n);
  return *n;
}

}  // namespace souk::domain
