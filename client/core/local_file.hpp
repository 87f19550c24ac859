#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "client/core/file_client.hpp"
#include "common/status.hpp"

namespace souk::client {

// "812 B", "5.0 KiB", "2.1 MiB": a size as people read it.
std::string human_size(int64_t bytes);

// Writes all of `data` to `fd`; `path` names the file in the error.
Status write_all(int fd, std::string_view data, const std::string& path);

// A type for the common photo and document extensions; application/octet-stream else.
std::string guess_mime_type(const std::filesystem::path& file);

// SHA-256 of a file's first `length` bytes (all of it when negative), read in pieces.
Result<std::string> sha256_of_file(const std::filesystem::path& file, int64_t length = -1);

// A file on this machine, open for uploading.
class LocalFile {
 public:
  // Hashes the file and fills the upload header. The upload id is derived from the
  // content, name and size, so sending the same file again resumes the same upload.
  static Result<std::unique_ptr<LocalFile>> open(const std::filesystem::path& file);
  ~LocalFile();
  LocalFile(const LocalFile&) = delete;
  LocalFile& operator=(const LocalFile&) = delete;

  const UploadSpec& spec() const { return spec_; }
  ReadAt reader() const;

 private:
  LocalFile(int fd, UploadSpec spec) : fd_(fd), spec_(std::move(spec)) {}
  int fd_;
  UploadSpec spec_;
};

}  // namespace souk::client
