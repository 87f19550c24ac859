#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace souk::test {

// Polls `done` until it holds or `timeout` passes; true when it held. For conditions that
// nothing announces (a proxy's counters, what soukd answers a probe), never to show that
// something did not happen.
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30),
                       std::chrono::milliseconds every = std::chrono::milliseconds(20)) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(every);
  }
  return true;
}

}  // namespace souk::test
