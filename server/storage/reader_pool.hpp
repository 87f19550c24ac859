#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <type_traits>
#include <vector>

#include "common/status.hpp"
#include "server/storage/sqlite.hpp"

namespace souk::storage {

// Read-only connections, separate from the writer's, so that reads never wait behind a
// group commit (WAL lets them see the last committed state).
class ReaderPool {
 public:
  static constexpr std::chrono::milliseconds kDefaultWait{2000};

  // `wait`: the longest try_with() waits for a free connection.
  ReaderPool(const std::filesystem::path& file, size_t connections,
             std::chrono::milliseconds wait = kDefaultWait);

  // Waits as long as it takes: for work that has nobody to answer (timers, background
  // jobs) and for reads that must not fail.
  template <class F>
  auto with(F&& f) {
    Lease lease(*this, std::nullopt);
    return f(*lease.db);
  }

  // Waits at most `wait` for a connection; nothing when none came free (answer busy()),
  // so that a caller on a gRPC thread is not held behind a pool that is all taken.
  template <class F>
  auto try_with(F&& f) -> std::optional<std::invoke_result_t<F&, Database&>> {
    Lease lease(*this, wait_);
    if (!lease.db) return std::nullopt;
    return f(*lease.db);
  }

  // What a caller that got nothing from try_with() is told.
  static Status busy();

 private:
  struct Lease {
    Lease(ReaderPool& pool, std::optional<std::chrono::milliseconds> wait);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ReaderPool& pool;
    Database* db = nullptr;  // null when none came free in time
  };

  const std::chrono::milliseconds wait_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<Database> all_;
  std::vector<Database*> idle_;
  bool giving_up_ = false;  // a caller gave up since one last got a connection
};

}  // namespace souk::storage
