#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace souk::storage {

// An open file descriptor, closed when this goes away.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// File bytes on disk. Verified files are blobs named by their SHA-256 under
// <data_dir>/files (one copy per content, however many uploads share it); uploads in
// progress are <data_dir>/uploads/<id>.part. Both sit on one file system, so a verified
// upload becomes a blob by a rename, never by a copy.
class BlobStore {
 public:
  explicit BlobStore(const std::filesystem::path& data_dir);

  std::filesystem::path partial_path(int64_t upload_id) const;
  std::filesystem::path blob_path(std::string_view sha256) const;

  Result<UniqueFd> open_partial(int64_t upload_id);
  Result<UniqueFd> open_blob(std::string_view sha256) const;
  // Turns a verified, synced partial into the blob for sha256. When that blob exists
  // already the partial is simply dropped: same bytes, one copy.
  Status promote(int64_t upload_id, std::string_view sha256);
  void remove_partial(int64_t upload_id);
  // For a blob no file row names any more (its rows went in a commit already).
  void remove_blob(std::string_view sha256);

  // Bytes an unprivileged writer may still put on the file system of the data directory.
  Result<int64_t> free_bytes() const;

  // What a crash can leave behind: blobs whose file row was never written and partial
  // files of uploads that are gone or finished. Only names this store gives are touched.
  struct Swept {
    int blobs = 0;
    int partials = 0;
  };
  Swept remove_orphans(const std::function<bool(const std::string& sha256_hex)>& blob_in_use,
                       const std::function<bool(int64_t upload_id)>& upload_in_progress);

 private:
  std::filesystem::path files_;
  std::filesystem::path uploads_;
};

// A failed system call as a status a user can act on: a full disk (or file size limit) is
// UNAVAILABLE naming the disk, anything else INTERNAL naming what failed. `what` is shown
// to clients, so it names the step in plain words; `where` (a path) only reaches the log.
Status io_error(int error_number, std::string_view what, const std::filesystem::path& where = {});
Status write_at(int fd, std::string_view data, int64_t offset);
// The pieces one after another from `offset`, in as few system calls as the kernel allows.
Status write_at(int fd, std::span<const std::string_view> pieces, int64_t offset);
// Reads up to `size` bytes; fewer only at the end of the file.
Result<size_t> read_at(int fd, char* buffer, size_t size, int64_t offset);
Status sync_data(int fd);

}  // namespace souk::storage
