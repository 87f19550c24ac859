#pragma once

#include <boost/asio/thread_pool.hpp>
#include <chrono>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "server/domain/messaging.hpp"
#include "server/rpc/chunk_buffers.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

// The generated callback service, but UploadFile in raw bytes, so that a frame that does not
// parse is told apart from the client closing its side, and DownloadFile too, so that a
// chunk is sent from the buffer it was read into.
using FileServiceBase = v1::FileService::WithRawCallbackMethod_UploadFile<
    v1::FileService::WithCallbackMethod_QueryUpload<
        v1::FileService::WithRawCallbackMethod_DownloadFile<
            v1::FileService::WithCallbackMethod_ListFiles<v1::FileService::Service>>>>;

class FileService final : public FileServiceBase {
 public:
  FileService(domain::Accounts& accounts, domain::Files& files, domain::Messaging& messaging,
              boost::asio::thread_pool& pool, std::chrono::milliseconds stream_idle)
      : accounts_(accounts),
        files_(files),
        messaging_(messaging),
        pool_(pool),
        stream_idle_(stream_idle),
        chunk_buffers_(ChunkBuffers::make(static_cast<size_t>(files.settings().chunk_bytes),
                                          kKeptChunkBuffers)) {}

  grpc::ServerReadReactor<grpc::ByteBuffer>* UploadFile(grpc::CallbackServerContext* context,
                                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* QueryUpload(grpc::CallbackServerContext* context,
                                        const v1::QueryUploadRequest* request,
                                        v1::QueryUploadResponse* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* DownloadFile(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* ListFiles(grpc::CallbackServerContext* context,
                                      const v1::ListFilesRequest* request,
                                      v1::ListFilesResponse* response) override;

 private:
  domain::Accounts& accounts_;
  domain::Files& files_;
  domain::Messaging& messaging_;  // who may see a conversation
  boost::asio::thread_pool& pool_;
  const std::chrono::milliseconds stream_idle_;  // longest wait for an upload's next frame
  // Enough for a few downloads' frames in flight; more are allocated while they are needed.
  static constexpr size_t kKeptChunkBuffers = 32;
  const std::shared_ptr<ChunkBuffers> chunk_buffers_;
};

}  // namespace souk::rpc
