#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace souk::rpc {

// Ends a stream whose peer keeps it waiting too long: `on_idle` runs on the pool when the
// time since the last arm() passes `limit` with no disarm() or arm() in between. Without
// it, a caller could hold a stream (and its buffers, and a slot among the connection's
// streams) open forever by never sending.
//
// arm() and disarm() come from the stream's own steps, one at a time. The destructor waits
// for an on_idle already running and makes sure none runs later, so a stream may destroy
// its deadline in OnDone and delete itself.
class IdleDeadline {
 public:
  IdleDeadline(boost::asio::thread_pool& pool, std::chrono::milliseconds limit,
               std::function<void()> on_idle);
  ~IdleDeadline();
  IdleDeadline(const IdleDeadline&) = delete;
  IdleDeadline& operator=(const IdleDeadline&) = delete;

  void arm();
  void disarm();
  std::chrono::milliseconds limit() const { return limit_; }

 private:
  // Shared with pending waits, which may complete after the deadline is gone.
  struct State {
    std::mutex mu;  // held while on_idle runs, and by the destructor
    std::function<void()> on_idle;
    std::atomic<uint64_t> generation{0};  // which arm() a wait belongs to
  };
  const std::chrono::milliseconds limit_;
  std::shared_ptr<State> state_;
  boost::asio::steady_timer timer_;
};

}  // namespace souk::rpc
