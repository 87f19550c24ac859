#include "server/rpc/download_stream.hpp"

#include <boost/asio/post.hpp>

#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {

namespace {

// Field keys of DownloadFileResponse (files.proto): field number << 3 | wire type.
constexpr uint8_t kFileKey = (1 << 3) | 2;
constexpr uint8_t kOffsetKey = (2 << 3) | 0;
constexpr uint8_t kChunkKey = (3 << 3) | 2;

void put_varint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

}  // namespace

grpc::ByteBuffer download_frame(const v1::Attachment* file, int64_t offset, grpc::Slice chunk) {
  std::string head;
  if (file != nullptr) {
    const std::string bytes = file->SerializeAsString();
    head.push_back(static_cast<char>(kFileKey));
    put_varint(head, bytes.size());
    head += bytes;
  }
  if (offset != 0) {
    head.push_back(static_cast<char>(kOffsetKey));
    put_varint(head, static_cast<uint64_t>(offset));
  }
  if (chunk.size() == 0) {
    grpc::Slice only(head);
    return grpc::ByteBuffer(&only, 1);
  }
  head.push_back(static_cast<char>(kChunkKey));
  put_varint(head, chunk.size());
  grpc::Slice parts[] = {grpc::Slice(head), std::move(chunk)};
  return grpc::ByteBuffer(parts, 2);
}

struct ChunkBuffers::Lease {
  std::shared_ptr<ChunkBuffers> home;
  std::unique_ptr<char[]> buffer;
};

grpc::Slice ChunkBuffers::take(size_t size) {
  auto lease = std::make_unique<Lease>();
  lease->home = shared_from_this();
  {
    std::lock_guard lock(mu_);
    if (!spare_.empty()) {
      lease->buffer = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  if (!lease->buffer) lease->buffer.reset(new char[buffer_bytes_]);
  char* data = lease->buffer.get();
  return grpc::Slice(data, size, &ChunkBuffers::give_back, lease.release());
}

void ChunkBuffers::give_back(void* opaque) {
  std::unique_ptr<Lease> lease(static_cast<Lease*>(opaque));
  auto& home = *lease->home;
  std::lock_guard lock(home.mu_);
  if (home.spare_.size() < home.keep_) home.spare_.push_back(std::move(lease->buffer));
}

DownloadStream::DownloadStream(domain::Session session, domain::Accounts& accounts,
                               domain::Files& files, boost::asio::thread_pool& pool,
                               const grpc::ByteBuffer& request)
    : session_(std::move(session)),
      watch_(accounts, session_),
      files_(files),
      pool_(pool),
      buffer_bytes_(files.settings().transfer_buffer_bytes) {
  boost::asio::post(pool_, [this, request]() mutable { open(std::move(request)); });
}

void DownloadStream::open(grpc::ByteBuffer request) {
  v1::DownloadFileRequest parsed;
  if (!grpc::SerializationTraits<v1::DownloadFileRequest>::Deserialize(&request, &parsed).ok()) {
    return Finish({grpc::StatusCode::INVALID_ARGUMENT,
                   "the DownloadFile request could not be read: send a file_id and an offset"});
  }
  auto download = files_.open_download(session_, parsed.file_id(), parsed.offset());
  if (!download) return Finish(to_grpc(download.status()));
  download_ = std::move(*download);
  // The first frame says what is coming, so a client can check size and hash.
  v1::Attachment file;
  fill_attachment(download_->file, &file);
  read_offset_ = download_->offset;
  if (read_offset_ == download_->file.size) {
    ready_.push_back(download_frame(&file, read_offset_, grpc::Slice()));
    return StartWriteAndFinish(&ready_.front(), {}, grpc::Status::OK);
  }
  first_frame_ = std::move(file);
  const auto chunk_bytes = static_cast<size_t>(files_.settings().chunk_bytes);
  buffers_ = std::make_shared<ChunkBuffers>(chunk_bytes,
                                            static_cast<size_t>(buffer_bytes_) / chunk_bytes + 1);
  filling_ = true;
  fill();
}

void DownloadStream::fill() {
  const int64_t size = download_->file.size;
  const int64_t chunk_bytes = files_.settings().chunk_bytes;
  for (;;) {
    int64_t offset = 0;
    size_t n = 0;
    {
      std::lock_guard lock(mu_);
      n = static_cast<size_t>(std::min(chunk_bytes, size - read_offset_));
      const bool full = !ready_.empty() && ready_bytes_ + static_cast<int64_t>(n) > buffer_bytes_;
      if (ending_ || read_offset_ >= size || full) {
        filling_ = false;
        const Next next = next_locked();
        // Not under mu_; after this the stream may be gone.
        return run(next);
      }
      offset = read_offset_;
    }
    Status read;
    grpc::Slice chunk = buffers_->take(n);
    if (auto why = watch_.ended()) {
      read = unauthenticated(*why);
    } else {
      read = files_.read_at(*download_, offset, const_cast<uint8_t*>(chunk.begin()), n);
    }
    Next next;
    bool last = false;
    {
      std::lock_guard lock(mu_);
      if (!read.ok()) {
        if (!ending_) ending_ = to_grpc(read);
        continue;
      }
      const bool first = offset == download_->offset;
      ready_.push_back(download_frame(first ? &*first_frame_ : nullptr, offset, std::move(chunk)));
      ready_sizes_.push_back(static_cast<int64_t>(n));
      ready_bytes_ += static_cast<int64_t>(n);
      read_offset_ += static_cast<int64_t>(n);
      last = read_offset_ == size;
      // Once the last frame is queued its write may end the call: this read is over.
      if (last) filling_ = false;
      next = next_locked();
    }
    run(next);
    if (last) return;
  }
}

DownloadStream::Next DownloadStream::next_locked() {
  Next next;
  if (finished_ || writing_) return next;
  if (ending_) {
    if (!filling_) {
      finished_ = true;
      next.finish = *ending_;
    }
    return next;
  }
  if (ready_.empty()) return next;
  writing_ = true;
  next.write = &ready_.front();
  next.last = ready_.size() == 1 && read_offset_ == download_->file.size;
  if (next.last) finished_ = true;
  return next;
}

void DownloadStream::run(const Next& next) {
  if (next.finish) return Finish(*next.finish);
  if (next.write == nullptr) return;
  if (next.last) return StartWriteAndFinish(next.write, {}, grpc::Status::OK);
  StartWrite(next.write);
}

void DownloadStream::OnWriteDone(bool ok) {
  Next next;
  bool refill = false;
  {
    std::lock_guard lock(mu_);
    writing_ = false;
    ready_bytes_ -= ready_sizes_.front();
    ready_sizes_.pop_front();
    ready_.pop_front();
    if (!ok && !ending_) ending_ = grpc::Status::CANCELLED;  // the client went away
    const int64_t left = download_->file.size - read_offset_;
    const int64_t chunk = std::min<int64_t>(left, files_.settings().chunk_bytes);
    const bool room = ready_.empty() || ready_bytes_ + chunk <= buffer_bytes_;
    if (!ending_ && !filling_ && left > 0 && room) {
      filling_ = true;
      refill = true;
    }
    next = next_locked();
  }
  if (refill) boost::asio::post(pool_, [this] { fill(); });
  run(next);
}

}  // namespace souk::rpc
