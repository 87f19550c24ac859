#pragma once

#include <chrono>
#include <memory>

#include "client/core/commands.hpp"
#include "client/core/connection.hpp"
#include "client/core/core_options.hpp"
#include "client/core/store.hpp"
#include "client/core/transfers.hpp"
#include "client/core/ui_queue.hpp"

namespace souk::client {

// The client without a face: what the desktop window, `souk-cli bot` and the tests share.
// A frame loop looks like this (all on the UI thread):
//
//   souk::client::Core core({.wake = [] { glfwPostEmptyEvent(); }});
//   core.start();                         // resumes a remembered session, if any
//   while (running) {
//     glfwWaitEventsTimeout(1.0);         // 1 s so "Reconnecting in N s" counts down
//     core.poll();                        // applies what the worker posted
//     draw(core.store(), core.commands());  // views read the store, call commands
//   }
//
// See client/core/README.md.
class Core {
 public:
  explicit Core(CoreOptions options = {});
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // Looks for a remembered session: signs in with it (showing cached history at once) or
  // moves the store to kSignedOut for the login form.
  void start();
  // UI thread, at the start of each frame: applies queued updates; how many.
  size_t poll();
  // Without a window: blocks until an update is queued or the timeout passes, then polls.
  size_t wait_and_poll(std::chrono::milliseconds timeout);

  const Store& store() const { return store_; }
  Commands& commands() { return commands_; }
  Transfers& transfers() { return *transfers_; }
  // Before start(): called on the UI thread after each event batch reached the store.
  void on_events(EventListener listener) { listener_ = std::move(listener); }

 private:
  Store store_;
  UiQueue queue_;
  EventListener listener_;
  std::unique_ptr<Connection> connection_;
  Commands commands_;
  std::unique_ptr<Transfers> transfers_;
};

}  // namespace souk::client
