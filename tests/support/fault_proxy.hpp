#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace souk::test {

// A TCP proxy on 127.0.0.1 and a port of its own, in front of one upstream address (soukd),
// that breaks the network on command: it cuts connections, stalls them, delays them and
// cuts a connection in the middle of what it was forwarding. Clients are pointed at
// address() instead of soukd's, and neither side can tell the proxy from a real network.
//
// Everything runs on one Asio thread, started by the constructor and joined by the
// destructor. Each command takes effect before it returns.
class FaultProxy {
 public:
  enum class Direction { kToServer, kToClient };

  explicit FaultProxy(const std::string& upstream);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // host:port for a client to dial.
  const std::string& address() const { return address_; }

  // Closes every open connection at once, as a dropped network would.
  void cut_all();
  // Closes the connection accepted `index`-th (from 0) if it is still open; false if not.
  bool cut(size_t index);
  // Connections made from now on are accepted and closed at once (the server looks gone),
  // or are served again.
  void refuse(bool on);
  // Stops (or resumes) forwarding in one direction on every connection, open or future,
  // while the sockets stay open: bytes wait in the kernel's buffers until they fill, then
  // the sender can write no more.
  void stall(Direction direction, bool on);
  // Holds every chunk this long before forwarding it (zero: none).
  void delay(std::chrono::milliseconds each_chunk);
  // Lets `bytes` more bytes through in `direction` (across all connections), then cuts the
  // connection that carried the last of them, mid-chunk: the peer gets part of a frame.
  void cut_after(Direction direction, int64_t bytes);
  // Cuts the next connection to carry a chunk in `direction` after forwarding only the
  // first half of that chunk.
  void cut_mid_next_chunk(Direction direction) { cut_after(direction, 0); }

  size_t accepted() const { return accepted_.load(); }
  size_t open_connections() const { return open_.load(); }
  // How many connections a cut (any of the above) has closed so far.
  size_t cuts() const { return cuts_.load(); }
  int64_t forwarded(Direction direction) const {
    return forwarded_[direction == Direction::kToServer ? 0 : 1].load();
  }
  // Connections that ended because soukd's side closed or failed, or the client's (not
  // counting the proxy's own cuts).
  size_t server_closes() const { return closed_by_[1].load(); }
  size_t client_closes() const { return closed_by_[0].load(); }

 private:
  class Impl;
  // Runs `work` on the proxy's thread and waits for it.
  void run(const std::function<void(Impl&)>& work);

  std::unique_ptr<Impl> impl_;
  std::string address_;
  std::atomic<size_t> accepted_{0};
  std::atomic<size_t> open_{0};
  std::atomic<size_t> cuts_{0};
  std::atomic<int64_t> forwarded_[2] = {0, 0};
  std::atomic<size_t> closed_by_[2] = {0, 0};
  std::thread thread_;
};

}  // namespace souk::test
