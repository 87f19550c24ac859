#include "server/storage/reader_pool.hpp"

namespace souk::storage {

ReaderPool::ReaderPool(const std::filesystem::path& file, size_t connections) {
  all_.reserve(connections);
  for (size_t i = 0; i < connections; ++i) {
    all_.emplace_back(file, Database::Mode::kReadOnly);
    all_.back().exec("PRAGMA cache_size = -16384");
  }
  for (auto& db : all_) idle_.push_back(&db);
}

ReaderPool::Lease::Lease(ReaderPool& p) : pool(p) {
  std::unique_lock lock(pool.mu_);
  pool.available_.wait(lock, [this] { return !pool.idle_.empty(); });
  db = pool.idle_.back();
  pool.idle_.pop_back();
}

ReaderPool::Lease::~Lease() {
  std::lock_guard lock(pool.mu_);
  pool.idle_.push_back(db);
  pool.available_.notify_one();
}

}  // namespace souk::storage
