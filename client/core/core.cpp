#include "client/core/core.hpp"

namespace souk::client {

namespace {

std::unique_ptr<Connection> make_connection(CoreOptions options, UiQueue& queue,
                                            const EventListener& listener) {
  queue.set_wake(options.wake);
  return std::make_unique<Connection>(std::move(options), queue, listener);
}

std::filesystem::path file_cache_dir(const CoreOptions& options) {
  return (options.cache_dir.empty() ? LocalCache::default_dir() : options.cache_dir) / "files";
}

}  // namespace

Core::Core(CoreOptions options)
    : connection_(make_connection(options, queue_, listener_)),
      commands_(store_, *connection_),
      transfers_(
          std::make_unique<Transfers>(store_, *connection_, commands_, file_cache_dir(options))) {}

Core::~Core() {
  // Transfers, then the worker: nothing may post into a queue that is being destroyed, and
  // transfers use the worker's channel.
  transfers_.reset();
  connection_.reset();
}

void Core::start() {
  connection_->post([c = connection_.get()] { c->resume_saved(); });
}

size_t Core::poll() {
  return queue_.drain(store_);
}

size_t Core::wait_and_poll(std::chrono::milliseconds timeout) {
  queue_.wait(timeout);
  return poll();
}

}  // namespace souk::client
