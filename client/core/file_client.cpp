#include "client/core/file_client.hpp"

#include <grpcpp/client_context.h>

#include <chrono>
#include <thread>

#include "client/core/call_options.hpp"

namespace souk::client {

namespace {

constexpr int kBusyRetries = 20;
constexpr auto kBusyPause = std::chrono::milliseconds(100);

void add_token(grpc::ClientContext& context, const std::string& token) {
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
}

Status stopped() {
  return unavailable("the transfer was stopped; run it again to resume");
}

}  // namespace

FileClient::FileClient(std::shared_ptr<grpc::Channel> channel, std::string token)
    : stub_(v1::FileService::NewStub(std::move(channel))), token_(std::move(token)) {}

Result<v1::QueryUploadResponse> FileClient::query_upload(const std::string& upload_id) {
  v1::QueryUploadRequest request;
  request.set_upload_id(upload_id);
  return unary_call<v1::QueryUploadResponse>(token_, [&](auto& context, auto& response) {
    return stub_->QueryUpload(&context, request, &response);
  });
}

Result<v1::Attachment> FileClient::upload(const UploadSpec& spec, const ReadAt& read,
                                          const Progress& progress) {
  for (int attempt = 0;; ++attempt) {
    int64_t offset = 0;
    auto query = query_upload(spec.upload_id);
    if (query) {
      if (query->complete()) return query->file();
      offset = query->committed_offset();
      if (query->max_chunk_bytes() > 0) {
        chunk_bytes_ = std::min(chunk_bytes_, static_cast<size_t>(query->max_chunk_bytes()));
      }
    } else if (query.status().code() != Code::kNotFound) {
      return query.status();
    }
    auto result = upload_from(spec, offset, read, progress);
    // UNAVAILABLE from soukd (not the network): an earlier stream still holds the upload.
    const bool busy = !result && result.status().code() == Code::kUnavailable &&
                      result.status().message().find("try again") != std::string::npos;
    if (!busy || attempt >= kBusyRetries) return result;
    std::this_thread::sleep_for(kBusyPause);
  }
}

Result<v1::Attachment> FileClient::upload_from(const UploadSpec& spec, int64_t offset,
                                               const ReadAt& read, const Progress& progress) {
  grpc::ClientContext context;
  add_token(context, token_);
  v1::UploadFileResponse response;
  auto stream = stub_->UploadFile(&context, &response);
  v1::UploadFileRequest frame;
  auto* header = frame.mutable_header();
  header->set_upload_id(spec.upload_id);
  header->set_name(spec.name);
  header->set_size(spec.size);
  header->set_mime_type(spec.mime_type);
  header->set_sha256(spec.sha256);
  header->set_offset(offset);
  bool open = stream->Write(frame);
  bool cut = false;
  std::string* chunk = frame.mutable_chunk();
  while (open && offset < spec.size) {
    chunk->resize(static_cast<size_t>(std::min<int64_t>(spec.size - offset, chunk_bytes_)));
    auto n = read(offset, chunk->data(), chunk->size());
    if (!n) {
      context.TryCancel();
      stream->Finish();
      return n.status();
    }
    if (*n == 0) {
      context.TryCancel();
      stream->Finish();
      return failed_precondition("the file became shorter while it was being sent");
    }
    chunk->resize(*n);
    open = stream->Write(frame);
    if (open) offset += static_cast<int64_t>(*n);
    if (progress && !progress(offset, spec.size)) {
      cut = true;
      context.TryCancel();
      break;
    }
  }
  if (open && !cut) stream->WritesDone();
  const grpc::Status status = stream->Finish();
  if (cut) return stopped();
  if (!status.ok()) return from_grpc(status);
  return response.file();
}

Result<v1::Attachment> FileClient::download(const std::string& file_id, int64_t offset,
                                            const WriteChunk& write, const Progress& progress) {
  grpc::ClientContext context;
  add_token(context, token_);
  v1::DownloadFileRequest request;
  request.set_file_id(file_id);
  request.set_offset(offset);
  auto stream = stub_->DownloadFile(&context, request);
  v1::DownloadFileResponse frame;
  v1::Attachment file;
  Status failed;
  while (stream->Read(&frame)) {
    if (frame.has_file()) file = frame.file();
    if (frame.offset() != offset) {
      failed = data_loss("the server sent bytes at " + std::to_string(frame.offset()) +
                         ", expected " + std::to_string(offset));
    } else if (!frame.chunk().empty()) {
      failed = write(frame.chunk());
      offset += static_cast<int64_t>(frame.chunk().size());
    }
    if (failed.ok() && progress && !progress(offset, file.size())) {
      failed = stopped();
    }
    if (!failed.ok()) {
      context.TryCancel();
      break;
    }
  }
  const grpc::Status status = stream->Finish();
  if (!failed.ok()) return failed;
  if (!status.ok()) return from_grpc(status);
  if (offset != file.size()) {
    return data_loss("the download ended at " + std::to_string(offset) + " of " +
                     std::to_string(file.size()) + " bytes");
  }
  return file;
}

Result<v1::ListFilesResponse> FileClient::list(const v1::ListFilesRequest& request) {
  return unary_call<v1::ListFilesResponse>(token_, [&](auto& context, auto& response) {
    return stub_->ListFiles(&context, request, &response);
  });
}

}  // namespace souk::client
