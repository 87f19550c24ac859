#include "client/core/local_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

#include "common/crypto.hpp"

namespace souk::client {

namespace {

constexpr size_t kHashBlockBytes = 1 << 20;

Status os_error(const std::filesystem::path& file, std::string_view what) {
  return invalid_argument("cannot " + std::string(what) + " " + file.string() + ": " +
                          std::strerror(errno));
}

Result<size_t> pread_some(int fd, char* buffer, size_t size, int64_t offset) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, buffer + done, size - done, offset + static_cast<int64_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return invalid_argument(std::string("read failed: ") + std::strerror(errno));
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

Result<std::string> hash_fd(int fd, int64_t length) {
  Sha256 hash;
  std::string block(kHashBlockBytes, '\0');
  for (int64_t at = 0; length < 0 || at < length;) {
    size_t want = block.size();
    if (length >= 0) want = static_cast<size_t>(std::min<int64_t>(length - at, want));
    auto n = pread_some(fd, block.data(), want, at);
    if (!n) return n.status();
    if (*n == 0) break;
    hash.update(std::string_view(block.data(), *n));
    at += static_cast<int64_t>(*n);
  }
  return hash.finish();
}

}  // namespace

std::string human_size(int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1024 && unit < 4) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", v, units[unit]);
  return buf;
}

Status write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return invalid_argument("cannot write " + path + ": " + std::strerror(errno));
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

std::string guess_mime_type(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".bmp", "image/bmp"},
      {".pdf", "application/pdf"},
      {".txt", "text/plain"},
      {".csv", "text/csv"},
      {".zip", "application/zip"},
      {".mp4", "video/mp4"},
      {".json", "application/json"},
      {".doc", "application/msword"},
      {".xls", "application/vnd.ms-excel"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](char c) { return static_cast<char>(std::tolower(c)); });
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

Result<std::string> sha256_of_file(const std::filesystem::path& file, int64_t length) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error(file, "open");
  auto digest = hash_fd(fd, length);
  ::close(fd);
  return digest;
}

Result<std::unique_ptr<LocalFile>> LocalFile::open(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error(file, "open");
  std::unique_ptr<LocalFile> local(new LocalFile(fd, {}));
  struct stat st {};
  if (::fstat(fd, &st) != 0) return os_error(file, "stat");
  if (!S_ISREG(st.st_mode)) return invalid_argument(file.string() + " is not a regular file");
  auto digest = hash_fd(fd, st.st_size);
  if (!digest) return digest.status();
  UploadSpec& spec = local->spec_;
  spec.name = file.filename().string();
  spec.size = st.st_size;
  spec.mime_type = guess_mime_type(file);
  spec.sha256 = std::move(*digest);
  spec.upload_id =
      "u" + hex_encode(sha256(spec.sha256 + spec.name + std::to_string(spec.size))).substr(0, 40);
  return local;
}

LocalFile::~LocalFile() {
  ::close(fd_);
}

ReadAt LocalFile::reader() const {
  const int fd = fd_;
  return [fd](int64_t offset, char* buffer, size_t size) {
    return pread_some(fd, buffer, size, offset);
  };
}

}  // namespace souk::client
