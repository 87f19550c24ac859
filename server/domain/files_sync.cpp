// An upload's syncs, beside its writing (see Files::write_chunk).
#include <boost/asio/post.hpp>

#include "server/domain/files.hpp"

namespace souk::domain {

void Files::start_sync(const std::shared_ptr<Upload>& upload) {
  const int64_t offset = upload->written_;
  upload->sync_started_at_ = offset;
  {
    std::lock_guard lock(upload->sync_mu_);
    upload->syncing_ = true;
  }
  // The job holds the upload, so no other stream takes it over before its commit is in.
  boost::asio::post(pool_, [this, upload, offset] {
    // On disk first, then in SQLite: a committed offset always has its bytes behind it.
    if (auto s = storage::sync_data(upload->fd_.get()); !s.ok()) return sync_done(*upload, s);
    const int64_t id = upload->record_.id;
    const int64_t now = clock_.now_ms();
    writer_.submit(
        [id, offset, now](storage::Database& db) -> Status {
          storage::set_upload_committed(db, id, offset, now);
          return Status::Ok();
        },
        [this, upload, offset](Status s) {
          if (s.ok()) {
            std::lock_guard lock(upload->sync_mu_);
            upload->record_.committed_offset = offset;
          }
          sync_done(*upload, s);
        });
  });
}

void Files::sync_done(Upload& upload, Status status) {
  std::function<void()> next;
  {
    std::lock_guard lock(upload.sync_mu_);
    upload.syncing_ = false;
    if (!status.ok()) upload.sync_failed_ = status;
    next = std::move(upload.after_sync_);
    upload.after_sync_ = nullptr;
  }
  // Not here: the writer's completions run on one strand, in commit order, and what
  // waited may sync the file (the end of an upload) while every reply waits behind it.
  if (next) boost::asio::post(pool_, std::move(next));
}

void Files::after_sync(Upload& upload, std::function<void(Status)> step) {
  std::unique_lock lock(upload.sync_mu_);
  if (upload.syncing_) {
    upload.after_sync_ = [&upload, step = std::move(step)] {
      Status failed;
      {
        std::lock_guard lock(upload.sync_mu_);
        failed = upload.sync_failed_;
      }
      step(failed);
    };
    return;
  }
  const Status failed = upload.sync_failed_;
  lock.unlock();
  step(failed);
}

}  // namespace souk::domain
