#include "server/rpc/upload_stream.hpp"

#include <boost/asio/post.hpp>
#include <optional>

#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/status_mapping.hpp"

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
  read_next();
}

void UploadStream::read_next() {
  std::optional<std::string> why;
  {
    std::lock_guard lock(mu_);
    if (finished_) return;
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

void UploadStream::OnReadDone(bool ok) {
  const auto in_callback = order_.callback();
  idle_.disarm();
  {
    std::lock_guard lock(mu_);
    reading_ = false;
    if (finished_) return;  // ended while this read was pending
  }
  if (auto why = watch_.ended()) return end({grpc::StatusCode::UNAUTHENTICATED, *why});
  // Not ok: the client closed its side, or the call broke off. Either way what arrived is
  // committed (or, when complete, verified and stored).
  if (!ok) {
    if (!upload_) return end({grpc::StatusCode::INVALID_ARGUMENT, "no header was sent"});
    return boost::asio::post(pool_, [this] { on_end(); });
  }
  // Parsing empties the frame, as gRPC does for a typed call: a chunk is held once.
  request_.Clear();
  if (!grpc::SerializationTraits<v1::UploadFileRequest>::Deserialize(&frame_, &request_).ok()) {
    return end({grpc::StatusCode::INVALID_ARGUMENT,
                "an upload frame could not be read: send a header, then chunks; what was "
                "committed is kept"});
  }
  if (!upload_) {
    if (!request_.has_header()) {
      return end({grpc::StatusCode::INVALID_ARGUMENT, "the first frame must be the header"});
    }
    return boost::asio::post(pool_, [this] { on_header(); });
  }
  if (request_.has_header()) {
    return end({grpc::StatusCode::INVALID_ARGUMENT, "only the first frame may be a header"});
  }
  boost::asio::post(pool_, [this] { on_chunk(); });
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

void UploadStream::on_chunk() {
  files_.write_chunk(upload_, request_.chunk(), [this](Status s) {
    if (!s.ok()) {
      // Whatever was committed stays; the bytes after it are dropped at the next resume.
      return end(to_grpc(s));
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
  {
    std::lock_guard lock(mu_);
    if (!mark_finished_locked()) return;
  }
  // Not under mu_: once Finish is called, OnDone may run on another thread and delete this
  // stream, mu_ with it, before a lock held here would be let go.
  Finish(status);
}

}  // namespace souk::rpc
