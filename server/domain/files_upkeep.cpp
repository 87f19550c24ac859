// The read side of Files (a conversation's files), the expiry of unfinished uploads, and
// what keeps the disk in step with the database: unused blobs and crash leftovers.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <unordered_set>

#include "server/domain/files.hpp"

namespace souk::domain {

using storage::Database;

namespace {
constexpr int64_t kLongestExpiryCheckMs = 3600 * 1000;
}  // namespace

Result<FileList> Files::list(const visibility::Window& readable, int64_t before_seq, int limit) {
  if (before_seq < 0) return invalid_argument("before_seq must not be negative");
  if (limit < 0 || limit > settings_.list_page_max) {
    return invalid_argument("limit must be between 1 and " +
                            std::to_string(settings_.list_page_max));
  }
  if (limit == 0) limit = settings_.list_page_default;
  return readers_.with([&](Database& db) {
    FileList out;
    out.conversation_id = readable.conversation_id;
    out.files = storage::files_in_conversation(db, readable.conversation_id, before_seq, limit + 1,
                                               readable.seqs);
    if (static_cast<int>(out.files.size()) > limit) {
      out.has_more = true;
      out.files.pop_back();
    }
    return out;
  });
}

void Files::start_expiry() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
  }
  expire();
  const int64_t every =
      std::min(kLongestExpiryCheckMs, std::max<int64_t>(settings_.upload_expiry_ms, 1000));
  expiry_timer_.expires_after(std::chrono::milliseconds(every));
  expiry_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) start_expiry();
  });
}

void Files::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  expiry_timer_.cancel();
}

void Files::expire() {
  auto dropped = std::make_shared<std::vector<storage::UploadRecord>>();
  const int64_t cutoff = clock_.now_ms() - settings_.upload_expiry_ms;
  writer_.submit(
      [this, cutoff, dropped](Database& db) -> Status {
        for (auto& upload : storage::uploads_untouched_since(db, cutoff)) {
          {
            std::lock_guard lock(mu_);
            if (held_.count(upload.id) > 0) continue;  // a stream is sending it right now
          }
          storage::delete_upload(db, upload.id);
          dropped->push_back(std::move(upload));
        }
        return Status::Ok();
      },
      [this, dropped](Status s) {
        if (!s.ok()) return spdlog::error("expiring uploads failed: {}", s.message());
        if (dropped->empty()) return;
        boost::asio::post(pool_, [this, dropped] {
          int unfinished = 0;
          for (const auto& upload : *dropped) {
            if (!upload.file_id.empty()) continue;  // its bytes are a stored file now
            blobs_.remove_partial(upload.id);
            ++unfinished;
          }
          spdlog::info("expired {} uploads ({} unfinished)", dropped->size(), unfinished);
        });
      });
}

void Files::remove_blobs(const std::vector<std::string>& sha256s) {
  int removed = 0;
  std::lock_guard lock(mu_);
  for (const auto& sha256 : sha256s) {
    if (promoting_.count(sha256) > 0) continue;  // a new file of the same bytes is on its way
    blobs_.remove_blob(sha256);
    ++removed;
  }
  if (removed > 0) spdlog::info("removed {} blobs no file uses any more", removed);
}

void Files::remove_orphans() {
  std::unordered_set<std::string> in_use;
  std::unordered_set<int64_t> in_progress;
  readers_.with([&](Database& db) {
    for (const auto& sha256 : storage::stored_sha256s(db)) in_use.insert(hex_encode(sha256));
    for (const auto& sha256 : storage::unfinished_upload_sha256s(db)) {
      in_use.insert(hex_encode(sha256));
    }
    for (const int64_t id : storage::unfinished_upload_ids(db)) in_progress.insert(id);
  });
  const auto swept =
      blobs_.remove_orphans([&](const std::string& hex) { return in_use.count(hex) > 0; },
                            [&](int64_t id) { return in_progress.count(id) > 0; });
  if (swept.blobs + swept.partials > 0) {
    spdlog::warn("removed {} stored blobs without a file and {} partial uploads without an upload",
                 swept.blobs, swept.partials);
  }
}

}  // namespace souk::domain
