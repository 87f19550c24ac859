#include "server/storage/reader_pool.hpp"

#include <spdlog/spdlog.h>

namespace souk::storage {

ReaderPool::ReaderPool(const std::filesystem::path& file, size_t connections,
                       std::chrono::milliseconds wait)
    : wait_(wait) {
  all_.reserve(connections);
  for (size_t i = 0; i < connections; ++i) {
    all_.emplace_back(file, Database::Mode::kReadOnly);
    all_.back().exec("PRAGMA cache_size = -16384");
  }
  for (auto& db : all_) idle_.push_back(&db);
}

Status ReaderPool::busy() {
  return {Code::kUnavailable, "the server is busy; try again"};
}

ReaderPool::Lease::Lease(ReaderPool& p, std::optional<std::chrono::milliseconds> wait) : pool(p) {
  std::unique_lock lock(pool.mu_);
  const auto idle = [this] { return !pool.idle_.empty(); };
  if (!wait) {
    pool.available_.wait(lock, idle);
  } else if (!pool.available_.wait_for(lock, *wait, idle)) {
    // Once per burst: under a flood every caller gives up at about the same time.
    if (!pool.giving_up_) spdlog::warn("no SQLite reader came free within {} ms", wait->count());
    pool.giving_up_ = true;
    return;
  }
  pool.giving_up_ = false;
  db = pool.idle_.back();
  pool.idle_.pop_back();
}

ReaderPool::Lease::~Lease() {
  if (!db) return;
  std::lock_guard lock(pool.mu_);
  pool.idle_.push_back(db);
  pool.available_.notify_one();
}

}  // namespace souk::storage
