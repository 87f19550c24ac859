#pragma once

#include <grpcpp/channel.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::client {

// What the header of an upload says about the file.
struct UploadSpec {
  std::string upload_id;  // see files.proto: stable for the file, so a rerun resumes
  std::string name;
  int64_t size = 0;
  std::string mime_type;
  std::string sha256;  // 32 raw bytes
};

// Where upload bytes come from: up to `size` bytes at `offset` (fewer only at the end).
using ReadAt = std::function<Result<size_t>(int64_t offset, char* buffer, size_t size)>;
// Where download bytes go, in order.
using WriteChunk = std::function<Status(std::string_view chunk)>;
// Bytes done of total. Returning false stops the transfer as a dropped connection would.
using Progress = std::function<bool(int64_t done, int64_t total)>;

// Blocking calls to FileService, meant for a worker thread (never a UI thread).
class FileClient {
 public:
  FileClient(std::shared_ptr<grpc::Channel> channel, std::string token);

  // Uploads the file, resuming from what the server already has: asks QueryUpload, sends
  // the rest, and retries a few times while the server is still closing an earlier
  // attempt. The returned attachment is what SendMessage's attachment_file_ids refers to.
  Result<v1::Attachment> upload(const UploadSpec& spec, const ReadAt& read,
                                const Progress& progress = {});
  // One stream from `offset` (normally QueryUpload's committed_offset).
  Result<v1::Attachment> upload_from(const UploadSpec& spec, int64_t offset, const ReadAt& read,
                                     const Progress& progress = {});
  Result<v1::QueryUploadResponse> query_upload(const std::string& upload_id);

  // Streams the file from `offset` to `write`; returns its attachment (size, hash, ...).
  Result<v1::Attachment> download(const std::string& file_id, int64_t offset,
                                  const WriteChunk& write, const Progress& progress = {});
  Result<v1::ListFilesResponse> list(const v1::ListFilesRequest& request);

  // Upload chunk size; the server's max_chunk_bytes caps it.
  void set_chunk_bytes(size_t bytes) { chunk_bytes_ = bytes; }

 private:
  std::unique_ptr<v1::FileService::Stub> stub_;
  std::string token_;
  size_t chunk_bytes_ = 256 << 10;
};

}  // namespace souk::client
