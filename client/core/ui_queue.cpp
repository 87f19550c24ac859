#include "client/core/ui_queue.hpp"

#include "client/core/store.hpp"

namespace souk::client {

void UiQueue::post(Update update) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(update));
    wake = wake_;
  }
  posted_.notify_all();
  if (wake) wake();
}

void UiQueue::set_wake(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wake_ = std::move(wake);
}

size_t UiQueue::drain(Store& store) {
  std::vector<Update> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  for (auto& update : batch) update(store);
  if (!batch.empty()) ++store.version;
  return batch.size();
}

bool UiQueue::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return posted_.wait_for(lock, timeout, [&] { return !pending_.empty(); });
}

}  // namespace souk::client
