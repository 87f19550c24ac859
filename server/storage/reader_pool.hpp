#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <vector>

#include "server/storage/sqlite.hpp"

namespace souk::storage {

// Read-only connections, separate from the writer's, so that reads never wait behind a
// group commit (WAL lets them see the last committed state).
class ReaderPool {
 public:
  ReaderPool(const std::filesystem::path& file, size_t connections);

  template <class F>
  auto with(F&& f) {
    Lease lease(*this);
    return f(*lease.db);
  }

 private:
  struct Lease {
    explicit Lease(ReaderPool& pool);
    ~Lease();
    ReaderPool& pool;
    Database* db;
  };

  std::mutex mu_;
  std::condition_variable available_;
  std::vector<Database> all_;
  std::vector<Database*> idle_;
};

}  // namespace souk::storage
