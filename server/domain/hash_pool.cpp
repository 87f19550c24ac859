#include "server/domain/hash_pool.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

namespace souk::domain {

namespace {
constexpr int kNice = 10;
}  // namespace

HashPool::HashPool(int threads, int queue)
    : capacity_(static_cast<size_t>(std::max(threads, 1) + std::max(queue, 0))) {
  for (int i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { work(); });
}

HashPool::~HashPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

bool HashPool::try_run(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() + running_ >= capacity_) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

size_t HashPool::pending() const {
  std::lock_guard lock(mu_);
  return queue_.size() + running_;
}

void HashPool::work() {
  // Per thread on Linux. Failing leaves the thread at normal priority, which still works.
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kNice);
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to run
    auto job = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    lock.unlock();
    job();
    lock.lock();
    --running_;
  }
}

}  // namespace souk::domain
