#include "server/rpc/download_stream.hpp"

#include <boost/asio/post.hpp>

#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {

DownloadStream::DownloadStream(const grpc::ServerContextBase* call, domain::Session session,
                               domain::Accounts& accounts, domain::Files& files,
                               boost::asio::thread_pool& pool,
                               const v1::DownloadFileRequest& request)
    : OrderedReactor(call),
      session_(std::move(session)),
      watch_(accounts, session_),
      files_(files),
      pool_(pool) {
  boost::asio::post(pool_, [this, id = request.file_id(), offset = request.offset()]() mutable {
    open(std::move(id), offset);
  });
}

void DownloadStream::open(std::string file_id, int64_t offset) {
  auto download = files_.open_download(session_, file_id, offset);
  if (!download) return Finish(to_grpc(download.status()));
  download_ = std::move(*download);
  // The first frame says what is coming, so a client can check size and hash.
  fill_attachment(download_->file, response_.mutable_file());
  send_next();
}

void DownloadStream::send_next() {
  if (auto why = watch_.ended()) return Finish({grpc::StatusCode::UNAUTHENTICATED, *why});
  response_.set_offset(download_->offset);
  if (auto s = files_.read_chunk(*download_, *response_.mutable_chunk()); !s.ok()) {
    return Finish(to_grpc(s));
  }
  if (download_->offset == download_->file.size) {
    return StartWriteAndFinish(&response_, {}, grpc::Status::OK);
  }
  StartWrite(&response_);
}

void DownloadStream::OnWriteDone(bool ok) {
  const auto in_callback = order_.callback();
  if (!ok) return Finish(grpc::Status::CANCELLED);  // the client went away
  response_.clear_file();
  boost::asio::post(pool_, [this] { send_next(); });
}

}  // namespace souk::rpc
