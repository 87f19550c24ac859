#include "server/storage/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/crypto.hpp"

namespace souk::storage {

namespace {

Status sync_directory(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return io_error(errno, "opening " + dir.string());
  if (::fsync(fd.get()) != 0) return io_error(errno, "syncing " + dir.string());
  return Status::Ok();
}

}  // namespace

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

BlobStore::BlobStore(const std::filesystem::path& data_dir)
    : files_(data_dir / "files"), uploads_(data_dir / "uploads") {
  std::filesystem::create_directories(files_);
  std::filesystem::create_directories(uploads_);
}

std::filesystem::path BlobStore::partial_path(int64_t upload_id) const {
  return uploads_ / (std::to_string(upload_id) + ".part");
}

std::filesystem::path BlobStore::blob_path(std::string_view sha256) const {
  const std::string hex = hex_encode(sha256);
  // A level of fan-out keeps directories small with many files.
  return files_ / hex.substr(0, 2) / hex;
}

Result<UniqueFd> BlobStore::open_partial(int64_t upload_id) {
  UniqueFd fd(::open(partial_path(upload_id).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (fd.get() < 0) return io_error(errno, "opening the partial upload");
  return fd;
}

Result<UniqueFd> BlobStore::open_blob(std::string_view sha256) const {
  UniqueFd fd(::open(blob_path(sha256).c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return io_error(errno, "opening the stored file");
  return fd;
}

Status BlobStore::promote(int64_t upload_id, std::string_view sha256) {
  const auto target = blob_path(sha256);
  const auto source = partial_path(upload_id);
  std::error_code ec;
  if (std::filesystem::exists(target, ec)) {
    std::filesystem::remove(source, ec);
    return Status::Ok();
  }
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return io_error(ec.value(), "creating " + target.parent_path().string());
  if (::rename(source.c_str(), target.c_str()) != 0) return io_error(errno, "storing the file");
  // The rename itself must survive a crash before the file is announced.
  if (auto s = sync_directory(target.parent_path()); !s.ok()) return s;
  return sync_directory(uploads_);
}

void BlobStore::remove_partial(int64_t upload_id) {
  std::error_code ec;
  std::filesystem::remove(partial_path(upload_id), ec);
}

Status io_error(int error_number, std::string_view what) {
  if (error_number == ENOSPC || error_number == EDQUOT || error_number == EFBIG) {
    return unavailable("the server's disk is full (" + std::string(what) +
                       "); what was committed is kept, so the upload can resume later");
  }
  return internal_error("I/O error " + std::string(what) + ": " + std::strerror(error_number));
}

Status write_at(int fd, std::string_view data, int64_t offset) {
  while (!data.empty()) {
    const ssize_t n = ::pwrite(fd, data.data(), data.size(), offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(errno, "writing the upload");
    }
    data.remove_prefix(static_cast<size_t>(n));
    offset += n;
  }
  return Status::Ok();
}

Result<size_t> read_at(int fd, char* buffer, size_t size, int64_t offset) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, buffer + done, size - done, offset + static_cast<int64_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(errno, "reading the file");
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

Status sync_data(int fd) {
  if (::fdatasync(fd) != 0) return io_error(errno, "syncing the upload");
  return Status::Ok();
}

}  // namespace souk::storage
