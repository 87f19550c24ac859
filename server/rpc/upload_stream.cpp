#include "server/rpc/upload_stream.hpp"

#include <boost/asio/post.hpp>
#include <optional>

#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {

namespace {

constexpr uint8_t kChunkKey = (2 << 3) | 2;  // UploadFileRequest.chunk, length-delimited

}  // namespace

std::optional<std::vector<std::string_view>> bare_chunk(const std::vector<grpc::Slice>& slices) {
  size_t slice = 0;
  size_t at = 0;
  auto next_byte = [&]() -> std::optional<uint8_t> {
    while (slice < slices.size() && at >= slices[slice].size()) {
      ++slice;
      at = 0;
    }
    if (slice == slices.size()) return std::nullopt;
    return slices[slice].begin()[at++];
  };
  if (next_byte() != kChunkKey) return std::nullopt;
  uint64_t length = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = next_byte();
    if (!byte || shift > 63) return std::nullopt;
    length |= static_cast<uint64_t>(*byte & 0x7F) << shift;
    if ((*byte & 0x80) == 0) break;
  }
  std::vector<std::string_view> pieces;
  uint64_t rest = 0;
  for (; slice < slices.size(); ++slice, at = 0) {
    const size_t n = slices[slice].size() - at;
    if (n == 0) continue;
    pieces.emplace_back(reinterpret_cast<const char*>(slices[slice].begin()) + at, n);
    rest += n;
  }
  if (rest != length) return std::nullopt;
  return pieces;
}

UploadStream::UploadStream(domain::Session session, domain::Accounts& accounts,
                           domain::Files& files, boost::asio::thread_pool& pool,
                           grpc::ByteBuffer* response, std::chrono::milliseconds idle)
    : session_(std::move(session)),
      watch_(accounts, session_, [this](const std::string& why) { on_session_end(why); }),
      files_(files),
      pool_(pool),
      buffer_bytes_(files.settings().transfer_buffer_bytes),
      response_(response),
      idle_(pool, idle, [this] { on_idle(); }) {
  read_next();
}

void UploadStream::read_next() {
  std::optional<std::string> why;
  {
    std::lock_guard lock(mu_);
    if (finished_ || ending_) return;
    why = watch_.ended();
    if (!why) {
      reading_ = true;
      idle_.arm();
      StartRead(&frame_);
      return;
    }
  }
  end({grpc::StatusCode::UNAUTHENTICATED, *why});
}

void UploadStream::on_session_end(const std::string& message) {
  {
    std::lock_guard lock(mu_);
    // Otherwise the stream is busy with a frame, and looks again before reading the next.
    if (!reading_) return;
  }
  end({grpc::StatusCode::UNAUTHENTICATED, message});
}

void UploadStream::on_idle() {
  {
    std::lock_guard lock(mu_);
    if (!reading_) return;  // the frame came just now
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(idle_.limit()).count();
  end({grpc::StatusCode::DEADLINE_EXCEEDED,
       "no upload frame came for " + std::to_string(seconds) +
           " seconds (stream_idle_seconds); what arrived is kept: ask QueryUpload where to "
           "resume"});
}

void UploadStream::OnReadDone(bool ok) {
  idle_.disarm();
  bool has_upload = false;
  {
    std::lock_guard lock(mu_);
    reading_ = false;
    if (finished_ || ending_) return;  // ended while this read was pending
    // Read under mu_: a lane that fails may end the call, and let go of it, at any time.
    has_upload = upload_ != nullptr;
  }
  if (auto why = watch_.ended()) return end({grpc::StatusCode::UNAUTHENTICATED, *why});
  // Not ok: the client closed its side, or the call broke off. Either way what arrived is
  // committed (or, when complete, verified and stored), once the lanes have written it.
  if (!ok) {
    if (!has_upload) return end({grpc::StatusCode::INVALID_ARGUMENT, "no header was sent"});
    {
      std::lock_guard lock(mu_);
      if (!lanes_idle_locked()) {
        closing_ = true;
        return;
      }
    }
    return boost::asio::post(pool_, [this] { on_end(); });
  }
  if (has_upload) {
    queue_chunk();
    return;
  }
  // Parsing empties the frame, as gRPC does for a typed call.
  request_.Clear();
  if (!grpc::SerializationTraits<v1::UploadFileRequest>::Deserialize(&frame_, &request_).ok()) {
    return end({grpc::StatusCode::INVALID_ARGUMENT,
                "an upload frame could not be read: send a header, then chunks; what was "
                "committed is kept"});
  }
  if (!request_.has_header()) {
    return end({grpc::StatusCode::INVALID_ARGUMENT, "the first frame must be the header"});
  }
  boost::asio::post(pool_, [this] { on_header(); });
}

bool UploadStream::queue_chunk() {
  std::vector<grpc::Slice> slices;
  std::optional<std::vector<std::string_view>> pieces;
  if (frame_.Dump(&slices).ok()) pieces = bare_chunk(slices);
  Frame frame;
  if (pieces) {
    frame.slices = std::move(slices);
  } else {
    slices.clear();
    request_.Clear();
    if (!grpc::SerializationTraits<v1::UploadFileRequest>::Deserialize(&frame_, &request_).ok()) {
      end({grpc::StatusCode::INVALID_ARGUMENT,
           "an upload frame could not be read: send a header, then chunks; what was "
           "committed is kept"});
      return false;
    }
    if (request_.has_header()) {
      end({grpc::StatusCode::INVALID_ARGUMENT, "only the first frame may be a header"});
      return false;
    }
    frame.copy = std::move(*request_.mutable_chunk());
  }
  frame_.Clear();
  bool start_write = false;
  bool start_hash = false;
  bool read_now = false;
  {
    std::lock_guard lock(mu_);
    if (finished_ || ending_) return false;
    auto& queued = queue_.emplace_back(std::move(frame));
    // Views are taken in place: a short copy lives inside its string, which moved.
    if (pieces) {
      queued.pieces = std::move(*pieces);
    } else if (!queued.copy.empty()) {
      queued.pieces.emplace_back(queued.copy);
    }
    for (const auto piece : queued.pieces) queued.bytes += static_cast<int64_t>(piece.size());
    queued_bytes_ += queued.bytes;
    start_write = !writing_;
    start_hash = !hashing_;
    writing_ = hashing_ = true;
    read_now = queued_bytes_ + files_.settings().chunk_bytes <= buffer_bytes_;
    paused_ = !read_now;
  }
  if (start_write) boost::asio::post(pool_, [this] { write_lane(); });
  if (start_hash) boost::asio::post(pool_, [this] { hash_lane(); });
  if (read_now) read_next();
  return true;
}

void UploadStream::write_lane() {
  for (;;) {
    Frame* frame = nullptr;
    uint64_t seq = 0;
    AfterLanes after = AfterLanes::kNothing;
    {
      std::lock_guard lock(mu_);
      if (ending_ || write_seq_ == queue_base_ + queue_.size()) {
        writing_ = false;
        after = lane_stopped_locked();
      } else {
        seq = write_seq_;
        frame = &frame_at_locked(seq);
      }
    }
    if (frame == nullptr) return after_lanes(after);
    auto wrote = [this, seq](const Status& s) {
      bool read_now = false;
      {
        std::lock_guard lock(mu_);
        if (!s.ok()) {
          // Whatever was committed stays; the bytes after it are dropped at the next resume.
          if (!ending_) ending_ = to_grpc(s);
        } else {
          ++write_seq_;
          read_now = passed_locked(seq);
        }
      }
      if (read_now) read_next();
    };
    const Status s = files_.append_chunk(*upload_, frame->pieces);
    if (s.ok() && files_.commit_due(*upload_)) {
      // The lane waits for the commit; the hash lane and the network go on meanwhile.
      return files_.commit_progress(upload_, [this, wrote](Status committed) {
        boost::asio::post(pool_, [this, wrote, committed] {
          wrote(committed);
          write_lane();
        });
      });
    }
    wrote(s);
  }
}

void UploadStream::hash_lane() {
  for (;;) {
    Frame* frame = nullptr;
    uint64_t seq = 0;
    AfterLanes after = AfterLanes::kNothing;
    {
      std::lock_guard lock(mu_);
      if (ending_ || hash_seq_ == queue_base_ + queue_.size()) {
        hashing_ = false;
        after = lane_stopped_locked();
      } else {
        seq = hash_seq_;
        frame = &frame_at_locked(seq);
      }
    }
    if (frame == nullptr) return after_lanes(after);
    files_.hash_chunk(*upload_, frame->pieces);
    bool read_now = false;
    {
      std::lock_guard lock(mu_);
      ++hash_seq_;
      read_now = passed_locked(seq);
    }
    if (read_now) read_next();
  }
}

bool UploadStream::passed_locked(uint64_t seq) {
  --frame_at_locked(seq).lanes_left;
  while (!queue_.empty() && queue_.front().lanes_left == 0) {
    queued_bytes_ -= queue_.front().bytes;
    queue_.pop_front();
    ++queue_base_;
  }
  if (!paused_ || finished_ || ending_) return false;
  if (queued_bytes_ + files_.settings().chunk_bytes > buffer_bytes_) return false;
  paused_ = false;
  return true;
}

UploadStream::AfterLanes UploadStream::lane_stopped_locked() {
  if (!lanes_idle_locked() || finished_) return AfterLanes::kNothing;
  if (ending_) {
    mark_finished_locked();
    return AfterLanes::kFinish;
  }
  if (closing_) {
    closing_ = false;
    return AfterLanes::kEnd;
  }
  return AfterLanes::kNothing;
}

void UploadStream::after_lanes(AfterLanes what) {
  switch (what) {
    case AfterLanes::kNothing:
      return;
    case AfterLanes::kFinish: {
      // Set once and never changed after finished_: safe to read without mu_.
      const grpc::Status status = *ending_;
      return Finish(status);
    }
    case AfterLanes::kEnd:
      return on_end();
  }
}

void UploadStream::on_header() {
  const auto& h = request_.header();
  domain::UploadRequest in{h.upload_id(), h.name(),   h.size(),
                           h.mime_type(), h.sha256(), h.offset()};
  files_.open_upload(session_, std::move(in), [this](Result<std::shared_ptr<domain::Upload>> r) {
    if (!r) return end(to_grpc(r.status()));
    upload_ = std::move(*r);
    if (upload_->complete()) {
      set_response(upload_->file());
      return end(grpc::Status::OK);
    }
    read_next();
  });
}

void UploadStream::on_end() {
  files_.finish_upload(std::move(upload_), [this](Result<storage::FileRecord> file) {
    if (!file) return end(to_grpc(file.status()));
    set_response(*file);
    end(grpc::Status::OK);
  });
}

void UploadStream::set_response(const storage::FileRecord& file) {
  v1::UploadFileResponse reply;
  fill_attachment(file, reply.mutable_file());
  bool own_buffer = false;
  grpc::SerializationTraits<v1::UploadFileResponse>::Serialize(reply, response_, &own_buffer);
}

bool UploadStream::mark_finished_locked() {
  if (finished_) return false;
  finished_ = true;
  upload_.reset();
  return true;
}

void UploadStream::end(const grpc::Status& status) {
  grpc::Status final_status;
  {
    std::lock_guard lock(mu_);
    if (finished_) return;
    if (!ending_) ending_ = status;
    // The lanes still use the upload: the last one to stop finishes the call.
    if (!lanes_idle_locked()) return;
    mark_finished_locked();
    final_status = *ending_;
  }
  // Not under mu_: once Finish is called, OnDone may run on another thread and delete this
  // stream, mu_ with it, before a lock held here would be let go.
  Finish(final_status);
}

}  // namespace souk::rpc
