// The read side of Files (a conversation's files) and the expiry of unfinished uploads.
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

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

}  // namespace souk::domain
