#include "server/storage/blob_store.hpp"

#include <fcntl.h>
#include <limits.h>
#include <spdlog/spdlog.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "common/crypto.hpp"

namespace souk::storage {

namespace {

constexpr size_t kSha256HexChars = 64;

Status sync_directory(const std::filesystem::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return io_error(errno, "opening a folder of the file store", dir);
  if (::fsync(fd.get()) != 0) return io_error(errno, "syncing a folder of the file store", dir);
  return Status::Ok();
}

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
  });
}

// "<digits>.part": the name an upload's partial file gets, and nothing else.
std::optional<int64_t> partial_id(const std::string& name) {
  constexpr std::string_view kSuffix = ".part";
  if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) return std::nullopt;
  const std::string digits = name.substr(0, name.size() - kSuffix.size());
  if (digits.size() > 18 || !std::all_of(digits.begin(), digits.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  return std::stoll(digits);
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
  if (ec) return io_error(ec.value(), "creating a folder of the file store", target.parent_path());
  if (::rename(source.c_str(), target.c_str()) != 0) {
    return io_error(errno, "storing the file", target);
  }
  // The rename itself must survive a crash before the file is announced.
  if (auto s = sync_directory(target.parent_path()); !s.ok()) return s;
  return sync_directory(uploads_);
}

void BlobStore::remove_partial(int64_t upload_id) {
  std::error_code ec;
  std::filesystem::remove(partial_path(upload_id), ec);
}

void BlobStore::remove_blob(std::string_view sha256) {
  const auto path = blob_path(sha256);
  std::error_code ec;
  if (!std::filesystem::remove(path, ec) && ec) {
    spdlog::warn("cannot remove the unused blob {}: {}", path.string(), ec.message());
  }
}

Result<int64_t> BlobStore::free_bytes() const {
  struct statvfs fs {};
  if (::statvfs(files_.c_str(), &fs) != 0) {
    return io_error(errno, "measuring the free disk space", files_);
  }
  return static_cast<int64_t>(fs.f_bavail) * static_cast<int64_t>(fs.f_frsize);
}

BlobStore::Swept BlobStore::remove_orphans(
    const std::function<bool(const std::string& sha256_hex)>& blob_in_use,
    const std::function<bool(int64_t upload_id)>& upload_in_progress) {
  Swept swept;
  std::error_code ec;
  auto drop = [&](const std::filesystem::path& path, int& count) {
    std::error_code removed;
    if (std::filesystem::remove(path, removed)) {
      ++count;
      spdlog::info("removed {}: no file or upload refers to it", path.string());
    } else if (removed) {
      spdlog::warn("cannot remove {}: {}", path.string(), removed.message());
    }
  };
  for (const auto& fan : std::filesystem::directory_iterator(files_, ec)) {
    if (!fan.is_directory()) continue;
    std::error_code inner;
    for (const auto& entry : std::filesystem::directory_iterator(fan.path(), inner)) {
      const std::string hex = entry.path().filename().string();
      // Only names this store gives; anything else was put there by someone else.
      if (!entry.is_regular_file() || hex.size() != kSha256HexChars || !is_lower_hex(hex) ||
          fan.path().filename().string() != hex.substr(0, 2)) {
        continue;
      }
      if (!blob_in_use(hex)) drop(entry.path(), swept.blobs);
    }
  }
  if (ec) spdlog::warn("cannot list the file store {}: {}", files_.string(), ec.message());
  for (const auto& entry : std::filesystem::directory_iterator(uploads_, ec)) {
    const auto id = partial_id(entry.path().filename().string());
    if (!entry.is_regular_file() || !id) continue;
    if (!upload_in_progress(*id)) drop(entry.path(), swept.partials);
  }
  if (ec) spdlog::warn("cannot list the uploads {}: {}", uploads_.string(), ec.message());
  return swept;
}

Status io_error(int error_number, std::string_view what, const std::filesystem::path& where) {
  const std::string detail = std::string(what) + (where.empty() ? "" : " " + where.string()) +
                             ": " + std::strerror(error_number);
  if (error_number == ENOSPC || error_number == EDQUOT || error_number == EFBIG) {
    spdlog::warn("disk full while {}", detail);
    return unavailable("the server's disk is full (" + std::string(what) +
                       "); what was committed is kept, so the upload can resume later");
  }
  // INTERNAL: the client sees a plain sentence, the log this detail (see rpc::to_grpc).
  return internal_error("I/O error " + detail);
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

Status write_at(int fd, std::span<const std::string_view> pieces, int64_t offset) {
  std::vector<iovec> left;
  left.reserve(pieces.size());
  for (const auto piece : pieces) {
    if (!piece.empty()) left.push_back({const_cast<char*>(piece.data()), piece.size()});
  }
  size_t first = 0;
  while (first < left.size()) {
    const int count = static_cast<int>(std::min<size_t>(left.size() - first, IOV_MAX));
    const ssize_t n = ::pwritev(fd, left.data() + first, count, offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(errno, "writing the upload");
    }
    offset += n;
    // Past what was written, and into a piece written only in part.
    for (auto done = static_cast<size_t>(n); done > 0;) {
      auto& piece = left[first];
      const size_t step = std::min(done, piece.iov_len);
      piece.iov_base = static_cast<char*>(piece.iov_base) + step;
      piece.iov_len -= step;
      done -= step;
      if (piece.iov_len == 0) ++first;
    }
  }
  return Status::Ok();
}

Status sync_data(int fd) {
  if (::fdatasync(fd) != 0) return io_error(errno, "syncing the upload");
  return Status::Ok();
}

}  // namespace souk::storage
