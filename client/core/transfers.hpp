#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "client/core/store.hpp"
#include "client/core/task_thread.hpp"

namespace souk::client {

class Commands;
class Connection;

// File and photo transfers, each on a thread of its own kind so a large upload never holds
// back chat (the connection's worker) or a photo's thumbnail (downloads). Methods are
// called on the UI thread; progress, results and decoded photos come back through the
// UiQueue into Store::transfers and Store::pictures.
class Transfers {
 public:
  // Photos are kept in `file_cache` by content, so each is fetched once.
  Transfers(Store& store, Connection& connection, Commands& commands,
            std::filesystem::path file_cache);
  ~Transfers();
  Transfers(const Transfers&) = delete;
  Transfers& operator=(const Transfers&) = delete;

  // Uploads each file, then sends it to the chat as a message of its own. Several at once
  // (a drop of many files) queue behind each other.
  void send_files(const ChatKey& chat, const std::vector<std::string>& paths);
  // Stops a running transfer; what reached the other side is kept for resume().
  void cancel(int64_t id);
  void resume(int64_t id);
  void dismiss(int64_t id);
  // Saves the file under the download directory ($SOUK_DOWNLOAD_DIR, else ~/Downloads).
  // Returns the transfer's id in Store::transfers, where its progress and outcome show.
  int64_t download(const ChatKey& chat, const v1::Attachment& file);
  // Decodes a photo into Store::pictures[key] (`file_id`, or `file_id + "/full"` for the
  // large view), fetching it once into the local file cache.
  void want_picture(const v1::Attachment& file, bool full);

  static std::filesystem::path download_dir();
  static std::string picture_key(const std::string& file_id, bool full) {
    return full ? file_id + "/full" : file_id;
  }

 private:
  struct Job;
  void start(const std::shared_ptr<Job>& job);
  void run_upload(const std::shared_ptr<Job>& job);
  void run_download(const std::shared_ptr<Job>& job);
  void report(const std::shared_ptr<Job>& job, Transfer::State state, const std::string& error);

  Store& store_;  // UI thread only
  Connection& connection_;
  Commands& commands_;
  std::filesystem::path file_cache_;
  int64_t next_id_ = 1;
  std::map<int64_t, std::shared_ptr<Job>> jobs_;  // UI thread only
  TaskThread uploads_;
  TaskThread downloads_;
  TaskThread pictures_;
};

}  // namespace souk::client
