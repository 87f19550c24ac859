#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/clock.hpp"

namespace souk::domain {

// A long-lived call opened with a session token (an event stream, an upload, a download).
class LiveStream {
 public:
  virtual ~LiveStream() = default;
  // The session is gone: end the call with UNAUTHENTICATED and this message. Called with
  // the registry's lock held, so it must not block or call back into the registry; it may
  // run on any thread.
  virtual void end_session(const std::string& message) = 0;
};

// Every live stream, by the token it was opened with, so that a token's death ends them
// at once: logout, a session ended from another device, a password change, and expiry.
//
// Expiry uses one timer aimed at the earliest expiry among live streams, so each stream
// ends the moment its session does, whether or not it is sending anything (a check on each
// send would leave an idle stream open). The timer never looks more than a minute ahead,
// so a wall clock that jumps is noticed within a minute.
class SessionStreams {
 public:
  SessionStreams(boost::asio::thread_pool& pool, const Clock& clock);

  void add(const std::string& token_hash, int64_t expires_at_ms, LiveStream* stream);
  // Before the stream is destroyed; afterwards the registry never calls it.
  void remove(LiveStream* stream);
  // Ends every live stream opened with one of these tokens.
  void end(const std::vector<std::string>& token_hashes, const std::string& message);
  size_t live(const std::string& token_hash) const;
  // Cancels the timer, so that the pool can be joined; streams are ended by the server's
  // shutdown instead.
  void stop();

 private:
  struct Entry {
    std::string token_hash;
    int64_t expires_at_ms = 0;
  };
  void arm_locked();
  void on_timer();
  void erase_locked(LiveStream* stream);

  const Clock& clock_;
  mutable std::mutex mu_;
  boost::asio::steady_timer timer_;
  int64_t armed_for_ms_ = INT64_MAX;
  bool stopped_ = false;
  std::unordered_map<LiveStream*, Entry> streams_;
  std::unordered_map<std::string, std::vector<LiveStream*>> by_token_;
  std::set<std::pair<int64_t, LiveStream*>> by_expiry_;
};

}  // namespace souk::domain
