#include "client/core/transfers.hpp"

#include <fcntl.h>
#include <stb_image.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "client/core/commands.hpp"
#include "client/core/connection.hpp"
#include "client/core/file_client.hpp"
#include "client/core/local_file.hpp"
#include "client/core/photo_scaling.hpp"

namespace souk::client {

namespace {

constexpr int kThumbnailEdge = 240;
constexpr int kFullEdge = 1400;
// Progress is posted at most this often: a frame per update would be wasted work.
constexpr auto kProgressEvery = std::chrono::milliseconds(100);

std::string in_words(const Status& status, bool cancelled) {
  if (cancelled) return "Cancelled";
  if (status.code() == Code::kUnavailable) return "Connection lost: " + status.message();
  return status.message();
}

// Appends to `path`, continuing a partial file; reports its size so far.
Result<int> open_for_append(const std::filesystem::path& path, int64_t& size) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return invalid_argument("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  struct stat st {};
  ::fstat(fd, &st);
  size = st.st_size;
  return fd;
}

// "photo.jpg", then "photo (1).jpg", ... : never overwrite what the user already has.
std::filesystem::path unused_name(const std::filesystem::path& dir, const std::string& name) {
  const std::filesystem::path base(name);
  std::filesystem::path candidate = dir / base;
  for (int i = 1; std::filesystem::exists(candidate); ++i) {
    candidate =
        dir / (base.stem().string() + " (" + std::to_string(i) + ")" + base.extension().string());
  }
  return candidate;
}

}  // namespace

struct Transfers::Job {
  int64_t id = 0;
  ChatKey chat;
  bool upload = true;
  std::string path;
  std::string name;
  v1::Attachment file;  // downloads: what is fetched
  std::atomic<bool> cancelled{false};
};

Transfers::Transfers(Store& store, Connection& connection, Commands& commands,
                     std::filesystem::path file_cache)
    : store_(store),
      connection_(connection),
      commands_(commands),
      file_cache_(std::move(file_cache)) {}

Transfers::~Transfers() {
  for (auto& [id, job] : jobs_) job->cancelled = true;
}

std::filesystem::path Transfers::download_dir() {
  if (const char* dir = std::getenv("SOUK_DOWNLOAD_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : ".") / "Downloads";
}

void Transfers::send_files(const ChatKey& chat, const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    auto job = std::make_shared<Job>();
    job->id = next_id_++;
    job->chat = chat;
    job->path = path;
    job->name = std::filesystem::path(path).filename().string();
    start(job);
  }
}

int64_t Transfers::download(const ChatKey& chat, const v1::Attachment& file) {
  auto job = std::make_shared<Job>();
  job->id = next_id_++;
  job->chat = chat;
  job->upload = false;
  job->file = file;
  job->name = file.name();
  job->path = (download_dir() / (file.name() + ".part")).string();
  start(job);
  return job->id;
}

void Transfers::start(const std::shared_ptr<Job>& job) {
  jobs_[job->id] = job;
  job->cancelled = false;
  Transfer& t = store_.transfers[job->id];
  t.id = job->id;
  t.chat = job->chat;
  t.upload = job->upload;
  t.name = job->name;
  t.path = job->path;
  t.total = job->upload ? t.total : job->file.size();
  t.state = Transfer::State::kQueued;
  t.error.clear();
  if (job->upload) {
    uploads_.post([this, job] { run_upload(job); });
  } else {
    downloads_.post([this, job] { run_download(job); });
  }
}

void Transfers::cancel(int64_t id) {
  if (auto it = jobs_.find(id); it != jobs_.end()) it->second->cancelled = true;
}

void Transfers::resume(int64_t id) {
  auto it = jobs_.find(id);
  auto t = store_.transfers.find(id);
  if (it == jobs_.end() || t == store_.transfers.end() || t->second.active()) return;
  start(it->second);
}

void Transfers::dismiss(int64_t id) {
  auto t = store_.transfers.find(id);
  if (t == store_.transfers.end() || t->second.active()) return;
  store_.transfers.erase(t);
  jobs_.erase(id);
}

void Transfers::report(const std::shared_ptr<Job>& job, Transfer::State state,
                       const std::string& error) {
  connection_.ui().post([id = job->id, state, error](Store& s) {
    auto t = s.transfers.find(id);
    if (t == s.transfers.end()) return;
    t->second.state = state;
    t->second.error = error;
    if (state == Transfer::State::kDone) {
      t->second.done = t->second.total;
      t->second.finished_at = std::chrono::steady_clock::now();
    }
  });
}

// A Progress callback that posts at most every kProgressEvery and stops on cancel.
static Progress progress_reporter(Connection& connection, const std::shared_ptr<void>& keep,
                                  int64_t id, const std::atomic<bool>& cancelled) {
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [&connection, keep, id, &cancelled, last](int64_t done, int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - *last >= kProgressEvery || done == total) {
      *last = now;
      connection.ui().post([id, done, total](Store& s) {
        auto t = s.transfers.find(id);
        if (t == s.transfers.end()) return;
        t->second.done = done;
        t->second.total = total;
        t->second.state = Transfer::State::kRunning;
      });
    }
    return !cancelled.load();
  };
}

void Transfers::run_upload(const std::shared_ptr<Job>& job) {
  if (job->cancelled) return report(job, Transfer::State::kPaused, "Cancelled");
  report(job, Transfer::State::kHashing, "");
  auto file = LocalFile::open(job->path);
  if (!file) return report(job, Transfer::State::kFailed, file.status().message());
  auto [channel, token] = connection_.credentials();
  if (!channel) {
    return report(job, Transfer::State::kPaused, "You are offline; Resume when connected");
  }
  FileClient files(channel, token);
  auto sent = files.upload((*file)->spec(), (*file)->reader(),
                           progress_reporter(connection_, job, job->id, job->cancelled));
  if (!sent) {
    const bool cancelled = job->cancelled.load();
    const bool retryable = cancelled || sent.status().code() == Code::kUnavailable;
    return report(job, retryable ? Transfer::State::kPaused : Transfer::State::kFailed,
                  in_words(sent.status(), cancelled));
  }
  // Done and queued as a message in one step: nobody sees a finished upload that has not
  // become a message yet (the bot waits for both before it exits).
  connection_.ui().post([this, id = job->id, chat = job->chat, attachment = *sent](Store& s) {
    if (auto t = s.transfers.find(id); t != s.transfers.end()) {
      t->second.state = Transfer::State::kDone;
      t->second.error.clear();
      t->second.done = t->second.total;
      t->second.finished_at = std::chrono::steady_clock::now();
    }
    commands_.send_message(chat, "", {attachment});
  });
}

void Transfers::run_download(const std::shared_ptr<Job>& job) {
  if (job->cancelled) return report(job, Transfer::State::kPaused, "Cancelled");
  int64_t have = 0;
  auto fd = open_for_append(job->path, have);
  if (!fd) return report(job, Transfer::State::kFailed, fd.status().message());
  auto [channel, token] = connection_.credentials();
  if (!channel) {
    ::close(*fd);
    return report(job, Transfer::State::kPaused, "You are offline; Resume when connected");
  }
  FileClient files(channel, token);
  auto got = files.download(
      job->file.file_id(), have,
      [&](std::string_view chunk) { return write_all(*fd, chunk, job->path); },
      progress_reporter(connection_, job, job->id, job->cancelled));
  ::close(*fd);
  if (!got) {
    const bool cancelled = job->cancelled.load();
    const bool retryable = cancelled || got.status().code() == Code::kUnavailable;
    return report(job, retryable ? Transfer::State::kPaused : Transfer::State::kFailed,
                  in_words(got.status(), cancelled));
  }
  const auto final_path = unused_name(download_dir(), job->name);
  std::error_code ec;
  std::filesystem::rename(job->path, final_path, ec);
  if (ec) return report(job, Transfer::State::kFailed, "cannot save: " + ec.message());
  connection_.ui().post([id = job->id, path = final_path.string()](Store& s) {
    if (auto t = s.transfers.find(id); t != s.transfers.end()) t->second.path = path;
  });
  report(job, Transfer::State::kDone, "");
}

void Transfers::want_picture(const v1::Attachment& file, bool full) {
  const std::string key = picture_key(file.file_id(), full);
  if (store_.pictures.contains(key)) return;
  store_.pictures[key] = Picture{};
  pictures_.post([this, file, key, full] {
    auto fail = [&](const std::string& why) {
      connection_.ui().post([key, why](Store& s) {
        s.pictures[key].state = Picture::State::kFailed;
        s.pictures[key].error = why;
      });
    };
    // Content-addressed: the same photo in two chats is fetched once.
    const auto cached = file_cache_ / file.sha256_hex();
    std::error_code ec;
    if (std::filesystem::file_size(cached, ec) != static_cast<uintmax_t>(file.size())) {
      const auto part = cached.string() + ".part";
      int64_t have = 0;
      auto fd = open_for_append(part, have);
      if (!fd) return fail(fd.status().message());
      auto [channel, token] = connection_.credentials();
      if (!channel) {
        ::close(*fd);
        return fail("offline");
      }
      FileClient files(channel, token);
      auto got = files.download(file.file_id(), have, [&](std::string_view chunk) {
        return write_all(*fd, chunk, part);
      });
      ::close(*fd);
      if (!got) return fail(got.status().message());
      std::filesystem::rename(part, cached, ec);
      if (ec) return fail(ec.message());
    }
    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load(cached.c_str(), &w, &h, &channels, 4);
    if (pixels == nullptr) return fail(std::string("not a photo: ") + stbi_failure_reason());
    Picture picture = scaled_to_fit(pixels, w, h, full ? kFullEdge : kThumbnailEdge);
    stbi_image_free(pixels);
    connection_.ui().post([key, picture = std::move(picture)](Store& s) mutable {
      s.pictures[key] = std::move(picture);
    });
  });
}

}  // namespace souk::client
