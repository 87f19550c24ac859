#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

namespace souk::client {

struct Store;

// The only way from network and disk threads to the UI thread: they post closures that
// edit the Store; the UI thread runs them at the start of its frame (drain). Posting calls
// the wake callback (the window passes glfwPostEmptyEvent) so an idle UI wakes at once.
class UiQueue {
 public:
  using Update = std::function<void(Store&)>;

  // Any thread.
  void post(Update update);
  // Before the first post; the callback must be callable from any thread.
  void set_wake(std::function<void()> wake);

  // UI thread: applies everything queued, in order; how many updates ran.
  size_t drain(Store& store);
  // For loops without a window (bots, tests): blocks until something is queued or the
  // timeout passes; true if something is queued.
  bool wait(std::chrono::milliseconds timeout);

 private:
  std::mutex mu_;
  std::condition_variable posted_;
  std::vector<Update> pending_;
  std::function<void()> wake_;
};

}  // namespace souk::client
