#include "server/rpc/idle_deadline.hpp"

namespace souk::rpc {

IdleDeadline::IdleDeadline(boost::asio::thread_pool& pool, std::chrono::milliseconds limit,
                           std::function<void()> on_idle)
    : limit_(limit), state_(std::make_shared<State>()), timer_(pool) {
  state_->on_idle = std::move(on_idle);
}

IdleDeadline::~IdleDeadline() {
  {
    std::lock_guard lock(state_->mu);
    state_->on_idle = nullptr;
    ++state_->generation;
  }
  timer_.cancel();
}

void IdleDeadline::arm() {
  // No lock here: on_idle runs with the state's lock held and takes the stream's own, which
  // the stream may hold while it arms.
  const uint64_t generation = ++state_->generation;
  timer_.expires_after(limit_);
  timer_.async_wait([state = state_, generation](const boost::system::error_code&) {
    // A cancelled wait may still complete without an error; the generation tells.
    std::lock_guard lock(state->mu);
    if (state->generation.load() != generation || !state->on_idle) return;
    state->on_idle();
  });
}

void IdleDeadline::disarm() {
  ++state_->generation;
  timer_.cancel();
}

}  // namespace souk::rpc
