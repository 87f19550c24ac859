#include "server/rpc/download_stream.hpp"

#include <boost/asio/post.hpp>
#include <vector>

#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/status_mapping.hpp"
#include "server/rpc/wire_bytes.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

namespace {

constexpr char kChunkTag = length_delimited_tag(3);  // DownloadFileResponse.chunk

}  // namespace

DownloadStream::DownloadStream(const grpc::ServerContextBase* call, domain::Session session,
                               domain::Accounts& accounts, domain::Files& files,
                               boost::asio::thread_pool& pool,
                               std::shared_ptr<ChunkBuffers> buffers,
                               const grpc::ByteBuffer& request)
    : OrderedReactor(call),
      session_(std::move(session)),
      watch_(accounts, session_),
      files_(files),
      pool_(pool),
      buffers_(std::move(buffers)) {
  boost::asio::post(pool_, [this, request]() mutable { open(std::move(request)); });
}

void DownloadStream::open(grpc::ByteBuffer raw) {
  v1::DownloadFileRequest request;
  if (!grpc::SerializationTraits<v1::DownloadFileRequest>::Deserialize(&raw, &request).ok()) {
    fail({grpc::StatusCode::INVALID_ARGUMENT, "the download request could not be read"});
  } else if (auto download = files_.open_download(session_, request.file_id(), request.offset());
             !download) {
    fail(to_grpc(download.status()));
  } else {
    download_ = std::move(*download);
  }
  read_ahead();
}

void DownloadStream::read_ahead() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (finishing_ || failed_ || read_all_ || ready_.size() >= kReadAhead) {
        reading_ = false;
        if (!done_) return;
        lock.unlock();
        delete this;
        return;
      }
    }
    auto frame = next_frame();
    if (!frame) {
      fail(to_grpc(frame.status()));
      continue;
    }
    Step step;
    {
      std::lock_guard lock(mu_);
      read_all_ = frame->last;
      ready_.push_back(std::move(*frame));
      step = next_step_locked();
    }
    take(step);
  }
}

Result<DownloadStream::Frame> DownloadStream::next_frame() {
  if (auto why = watch_.ended()) return unauthenticated(*why);
  v1::DownloadFileResponse head;
  if (!sent_file_) fill_attachment(download_->file, head.mutable_file());
  head.set_offset(download_->offset);
  auto buffer = buffers_->take();
  auto n = files_.read_chunk(*download_, buffer.data(), buffer.capacity());
  if (!n) return n.status();
  sent_file_ = true;
  std::string own = head.SerializeAsString();
  std::vector<grpc::Slice> slices;
  if (*n > 0) {
    own.push_back(kChunkTag);
    put_varint(own, *n);
    slices.emplace_back(own);
    slices.push_back(ChunkBuffers::to_slice(std::move(buffer), *n));
  } else {
    slices.emplace_back(own);
  }
  return Frame{grpc::ByteBuffer(slices.data(), slices.size()),
               download_->offset == download_->file.size};
}

void DownloadStream::fail(grpc::Status status) {
  Step step;
  {
    std::lock_guard lock(mu_);
    if (failed_ || finishing_) return;
    ready_.clear();
    failed_ = std::move(status);
    step = next_step_locked();
  }
  take(step);
}

DownloadStream::Step DownloadStream::next_step_locked() {
  if (finishing_ || write_pending_) return Step::kNone;
  if (failed_) {
    finishing_ = true;
    return Step::kFinish;
  }
  if (ready_.empty()) return Step::kNone;
  writing_ = std::move(ready_.front());
  ready_.pop_front();
  if (writing_.last) {
    finishing_ = true;
    return Step::kWriteAndFinish;
  }
  write_pending_ = true;
  return Step::kWrite;
}

void DownloadStream::take(Step step) {
  switch (step) {
    case Step::kNone:
      return;
    case Step::kWrite:
      return StartWrite(&writing_.bytes);
    case Step::kWriteAndFinish:
      return StartWriteAndFinish(&writing_.bytes, {}, grpc::Status::OK);
    case Step::kFinish:
      // failed_ is set once, before finishing_, and never again.
      return Finish(*failed_);
  }
}

void DownloadStream::OnWriteDone(bool ok) {
  const auto in_callback = order_.callback();
  Step step;
  bool read = false;
  {
    std::lock_guard lock(mu_);
    write_pending_ = false;
    writing_ = {};          // gRPC is done with it; its buffer goes back to the pool
    if (!ok && !failed_) {  // the client went away
      ready_.clear();
      failed_ = grpc::Status::CANCELLED;
    }
    step = next_step_locked();
    if (!reading_ && !finishing_ && !failed_ && !read_all_ && ready_.size() < kReadAhead) {
      reading_ = read = true;
    }
  }
  if (read) boost::asio::post(pool_, [this] { read_ahead(); });
  take(step);
}

void DownloadStream::OnDone() {
  const auto done = order_.done();
  {
    std::lock_guard lock(mu_);
    done_ = true;
    if (reading_) return;  // the read on the pool deletes the stream when it ends
  }
  delete this;
}

}  // namespace souk::rpc
