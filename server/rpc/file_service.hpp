#pragma once

#include <boost/asio/thread_pool.hpp>
#include <chrono>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "server/domain/messaging.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

// The generated callback service, but UploadFile in raw bytes, so that a frame that does not
// parse is told apart from the client closing its side.
using FileServiceBase = v1::FileService::WithRawCallbackMethod_UploadFile<
    v1::FileService::WithCallbackMethod_QueryUpload<
        v1::FileService::WithCallbackMethod_DownloadFile<
            v1::FileService::WithCallbackMethod_ListFiles<v1::FileService::Service>>>>;

class FileService final : public FileServiceBase {
 public:
  FileService(domain::Accounts& accounts, domain::Files& files, domain::Messaging& messaging,
              boost::asio::thread_pool& pool, std::chrono::milliseconds stream_idle)
      : accounts_(accounts),
        files_(files),
        messaging_(messaging),
        pool_(pool),
        stream_idle_(stream_idle) {}

  grpc::ServerReadReactor<grpc::ByteBuffer>* UploadFile(grpc::CallbackServerContext* context,
                                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* QueryUpload(grpc::CallbackServerContext* context,
                                        const v1::QueryUploadRequest* request,
                                        v1::QueryUploadResponse* response) override;
  grpc::ServerWriteReactor<v1::DownloadFileResponse>* DownloadFile(
      grpc::CallbackServerContext* context, const v1::DownloadFileRequest* request) override;
  grpc::ServerUnaryReactor* ListFiles(grpc::CallbackServerContext* context,
                                      const v1::ListFilesRequest* request,
                                      v1::ListFilesResponse* response) override;

 private:
  domain::Accounts& accounts_;
  domain::Files& files_;
  domain::Messaging& messaging_;  // who may see a conversation
  boost::asio::thread_pool& pool_;
  const std::chrono::milliseconds stream_idle_;  // longest wait for an upload's next frame
};

}  // namespace souk::rpc
