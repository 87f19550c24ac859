#include "server/rpc/upload_stream.hpp"

#include <boost/asio/post.hpp>
#include <optional>

#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/status_mapping.hpp"
#include "server/rpc/upload_frame.hpp"

namespace souk::rpc {

UploadStream::UploadStream(const grpc::ServerContextBase* call, domain::Session session,
                           domain::Accounts& accounts, domain::Files& files,
                           boost::asio::thread_pool& pool, grpc::ByteBuffer* response,
                           std::chrono::milliseconds idle)
    : OrderedReactor(call),
      session_(std::move(session)),
      watch_(accounts, session_, [this](const std::string& why) { on_session_end(why); }),
      files_(files),
      pool_(pool),
      response_(response),
      idle_(pool, idle, [this] { on_idle(); }) {
  if (auto why = watch_.ended()) {
    end({grpc::StatusCode::UNAUTHENTICATED, *why});
    return;
  }
  std::lock_guard lock(mu_);
  if (claim_read_locked()) StartRead(&incoming_);
}

bool UploadStream::claim_read_locked() {
  if (reading_ || closed_ || finished_ || received_.size() >= kReadAhead) return false;
  reading_ = true;
  idle_.arm();
  return true;
}

void UploadStream::OnReadDone(bool ok) {
  const auto in_callback = order_.callback();
  // Held while reading starts again, so that no read can start after Finish (end takes it
  // first). Recursive: gRPC may run the next OnReadDone inline, on this thread.
  std::lock_guard lock(mu_);
  idle_.disarm();
  reading_ = false;
  if (finished_) return;  // ended while this read was pending
  // Not ok: the client closed its side, or the call broke off. Either way what arrived is
  // committed (or, when complete, verified and stored) once the frames before it are.
  Frame frame;
  frame.closed = !ok;
  closed_ = !ok;
  if (ok) frame.bytes.Swap(&incoming_);
  received_.push_back(std::move(frame));
  if (!working_) {
    working_ = true;
    boost::asio::post(pool_, [this] { work_next(); });
  }
  if (claim_read_locked()) StartRead(&incoming_);
}

void UploadStream::work_next() {
  {
    std::unique_lock lock(mu_);
    if (finished_ || received_.empty()) {
      working_ = false;
      if (!done_) return;
      lock.unlock();
      delete this;
      return;
    }
    current_ = std::move(received_.front());
    received_.pop_front();
    if (claim_read_locked()) StartRead(&incoming_);
  }
  on_frame();
}

void UploadStream::work_later() {
  boost::asio::post(pool_, [this] { work_next(); });
}

void UploadStream::on_frame() {
  if (current_.closed) return on_closed();
  if (auto why = watch_.ended()) {
    end({grpc::StatusCode::UNAUTHENTICATED, *why});
    return work_next();
  }
  const bool opened = upload() != nullptr;
  if (opened && chunk_pieces(current_.bytes, slices_, pieces_)) return write(pieces_);
  request_.Clear();
  if (!grpc::SerializationTraits<v1::UploadFileRequest>::Deserialize(&current_.bytes, &request_)
           .ok()) {
    end({grpc::StatusCode::INVALID_ARGUMENT,
         "an upload frame could not be read: send a header, then chunks; what was committed is "
         "kept"});
    return work_next();
  }
  if (!opened && !request_.has_header()) {
    end({grpc::StatusCode::INVALID_ARGUMENT, "the first frame must be the header"});
    return work_next();
  }
  if (!opened) return on_header();
  if (request_.has_header()) {
    end({grpc::StatusCode::INVALID_ARGUMENT, "only the first frame may be a header"});
    return work_next();
  }
  pieces_.assign(1, request_.chunk());
  write(pieces_);
}

void UploadStream::on_header() {
  const auto& h = request_.header();
  domain::UploadRequest in{h.upload_id(), h.name(),   h.size(),
                           h.mime_type(), h.sha256(), h.offset()};
  files_.open_upload(session_, std::move(in), [this](Result<std::shared_ptr<domain::Upload>> r) {
    if (!r) {
      end(to_grpc(r.status()));
      return work_later();
    }
    if ((*r)->complete()) {
      end_with((*r)->file());
      return work_later();
    }
    {
      std::lock_guard lock(mu_);
      if (!finished_) upload_ = std::move(*r);
    }
    work_later();
  });
}

void UploadStream::write(std::span<const std::string_view> chunk) {
  const auto upload = this->upload();
  if (!upload) return work_next();  // the call ended meanwhile
  files_.write_chunk(upload, chunk, [this](Status s) {
    // Whatever was committed stays; the bytes after it are dropped at the next resume.
    if (!s.ok()) end(to_grpc(s));
    work_later();
  });
}

void UploadStream::on_closed() {
  std::shared_ptr<domain::Upload> upload;
  bool finished = false;
  {
    std::lock_guard lock(mu_);
    upload = std::move(upload_);
    finished = finished_;
  }
  if (!upload) {
    if (!finished) end({grpc::StatusCode::INVALID_ARGUMENT, "no header was sent"});
    return work_next();
  }
  files_.finish_upload(std::move(upload), [this](Result<storage::FileRecord> file) {
    if (!file) {
      end(to_grpc(file.status()));
    } else {
      end_with(*file);
    }
    work_later();
  });
}

std::shared_ptr<domain::Upload> UploadStream::upload() {
  std::lock_guard lock(mu_);
  return upload_;
}

void UploadStream::on_session_end(const std::string& message) {
  {
    std::lock_guard lock(mu_);
    // Otherwise the stream is busy with its frames, and looks before each one.
    if (!reading_ || !mark_finished_locked()) return;
  }
  Finish({grpc::StatusCode::UNAUTHENTICATED, message});
}

void UploadStream::on_idle() {
  {
    std::lock_guard lock(mu_);
    if (!reading_) return;  // the frame came just now
    if (!mark_finished_locked()) return;
  }
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(idle_.limit()).count();
  Finish({grpc::StatusCode::DEADLINE_EXCEEDED,
          "no upload frame came for " + std::to_string(seconds) +
              " seconds (stream_idle_seconds); what arrived is kept: ask QueryUpload where to "
              "resume"});
}

bool UploadStream::mark_finished_locked() {
  if (finished_) return false;
  finished_ = true;
  upload_.reset();
  received_.clear();
  return true;
}

void UploadStream::end(const grpc::Status& status) {
  {
    std::lock_guard lock(mu_);
    if (!mark_finished_locked()) return;
  }
  // Not under mu_: once Finish is called, OnDone may run on another thread and delete this
  // stream, mu_ with it, unless the pool is still on it.
  Finish(status);
}

void UploadStream::end_with(const storage::FileRecord& file) {
  {
    std::lock_guard lock(mu_);
    // The reply lives in gRPC's call, which is freed after OnDone: once the call has
    // ended (the session, say, while the header was being looked up) it is not ours.
    if (finished_) return;
    v1::UploadFileResponse reply;
    fill_attachment(file, reply.mutable_file());
    bool own_buffer = false;
    grpc::SerializationTraits<v1::UploadFileResponse>::Serialize(reply, response_, &own_buffer);
    mark_finished_locked();
  }
  Finish(grpc::Status::OK);
}

void UploadStream::OnDone() {
  const auto done = order_.done();
  {
    std::lock_guard lock(mu_);
    done_ = true;
    if (working_) return;  // the pool's work deletes the stream when it ends
  }
  delete this;
}

}  // namespace souk::rpc
