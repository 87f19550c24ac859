#include "support/fault_proxy.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <future>
#include <list>
#include <stdexcept>

namespace souk::test {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

int index_of(FaultProxy::Direction d) {
  return d == FaultProxy::Direction::kToServer ? 0 : 1;
}

}  // namespace

// The proxy's state; touched only on its thread.
class FaultProxy::Impl {
 public:
  class Connection;

  Impl(FaultProxy& owner, const std::string& upstream)
      : owner_(owner), acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    const auto colon = upstream.rfind(':');
    if (colon == std::string::npos) throw std::invalid_argument("upstream is not host:port");
    upstream_ = tcp::endpoint(asio::ip::make_address(upstream.substr(0, colon)),
                              static_cast<unsigned short>(std::stoi(upstream.substr(colon + 1))));
    accept_next();
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void shutdown() {
    acceptor_.close();
    for (auto& c : std::list(connections_)) close(*c, false);
    work_.reset();
  }
  void cut_all() {
    for (auto& c : std::list(connections_)) close(*c, true);
  }
  bool cut(size_t index);
  void refuse(bool on) { refusing_ = on; }
  void stall(Direction d, bool on);
  void delay(std::chrono::milliseconds each) { delay_ = each; }
  void cut_after(Direction d, int64_t bytes) { cut_after_[index_of(d)] = bytes; }

  asio::io_context io_;

 private:
  void accept_next();
  void close(Connection& c, bool as_cut);
  void read(const std::shared_ptr<Connection>& c, int dir);
  void forward(const std::shared_ptr<Connection>& c, int dir, size_t n);
  void write(const std::shared_ptr<Connection>& c, int dir, size_t n, bool then_cut);

  FaultProxy& owner_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  tcp::acceptor acceptor_;
  tcp::endpoint upstream_;
  std::list<std::shared_ptr<Connection>> connections_;
  size_t next_index_ = 0;
  bool refusing_ = false;
  std::array<bool, 2> stalled_ = {false, false};
  std::chrono::milliseconds delay_{0};
  std::array<int64_t, 2> cut_after_ = {-1, -1};  // -1: not armed
};

// One client and its upstream socket. Direction 0 reads the client and writes upstream,
// direction 1 the reverse; each reads its next chunk only once the last one is written.
class FaultProxy::Impl::Connection {
 public:
  explicit Connection(asio::io_context& io, size_t index)
      : index(index),
        sockets{{tcp::socket(io), tcp::socket(io)}},
        timers{{asio::steady_timer(io), asio::steady_timer(io)}} {}

  const size_t index;
  // [0] the client's socket, [1] soukd's. Direction d reads sockets[d], writes the other.
  std::array<tcp::socket, 2> sockets;
  std::array<asio::steady_timer, 2> timers;
  std::array<std::array<char, 64 * 1024>, 2> buffers;
  std::array<bool, 2> parked = {false, false};  // waiting for a stall to end
  bool open = true;
};

void FaultProxy::Impl::accept_next() {
  auto c = std::make_shared<Connection>(io_, next_index_);
  acceptor_.async_accept(c->sockets[0], [this, c](error_code ec) {
    if (ec) return;  // the acceptor closed
    ++next_index_;
    owner_.accepted_++;
    accept_next();
    if (refusing_) {
      error_code ignored;
      c->sockets[0].close(ignored);
      return;
    }
    owner_.open_++;
    connections_.push_back(c);
    c->sockets[1].async_connect(upstream_, [this, c](error_code ec) {
      if (!c->open) return;
      if (ec) {
        owner_.closed_by_[1]++;
        return close(*c, false);
      }
      for (auto& s : c->sockets) s.set_option(tcp::no_delay(true), ec);
      read(c, 0);
      read(c, 1);
    });
  });
}

void FaultProxy::Impl::close(Connection& c, bool as_cut) {
  if (!c.open) return;
  c.open = false;
  owner_.open_--;
  if (as_cut) owner_.cuts_++;
  for (auto& s : c.sockets) {
    error_code ignored;
    s.shutdown(tcp::socket::shutdown_both, ignored);
    s.close(ignored);
  }
  for (auto& t : c.timers) t.cancel();
  connections_.remove_if([&c](const auto& p) { return p.get() == &c; });
}

bool FaultProxy::Impl::cut(size_t index) {
  for (auto& c : connections_) {
    if (c->index == index) {
      close(*c, true);
      return true;
    }
  }
  return false;
}

void FaultProxy::Impl::stall(Direction d, bool on) {
  const int dir = index_of(d);
  stalled_[dir] = on;
  if (on) return;
  for (auto& c : std::list(connections_)) {
    if (c->parked[dir]) {
      c->parked[dir] = false;
      read(c, dir);
    }
  }
}

void FaultProxy::Impl::read(const std::shared_ptr<Connection>& c, int dir) {
  if (!c->open) return;
  if (stalled_[dir]) {
    c->parked[dir] = true;
    return;
  }
  c->sockets[dir].async_read_some(asio::buffer(c->buffers[dir]),
                                  [this, c, dir](error_code ec, size_t n) {
                                    if (!c->open) return;
                                    if (ec) {
                                      owner_.closed_by_[dir]++;  // the side it reads from
                                      return close(*c, false);
                                    }
                                    forward(c, dir, n);
                                  });
}

void FaultProxy::Impl::forward(const std::shared_ptr<Connection>& c, int dir, size_t n) {
  bool then_cut = false;
  int64_t& remaining = cut_after_[dir];
  if (remaining >= 0) {
    if (static_cast<int64_t>(n) <= remaining) {
      remaining -= static_cast<int64_t>(n);
    } else {
      // Part of this chunk only, so the peer is left holding half a frame.
      n = remaining > 0 ? static_cast<size_t>(remaining) : n / 2;
      remaining = -1;
      then_cut = true;
    }
  }
  if (delay_.count() == 0) return write(c, dir, n, then_cut);
  c->timers[dir].expires_after(delay_);
  c->timers[dir].async_wait([this, c, dir, n, then_cut](error_code ec) {
    if (ec || !c->open) return;
    write(c, dir, n, then_cut);
  });
}

void FaultProxy::Impl::write(const std::shared_ptr<Connection>& c, int dir, size_t n,
                             bool then_cut) {
  asio::async_write(c->sockets[1 - dir], asio::buffer(c->buffers[dir].data(), n),
                    [this, c, dir, then_cut](error_code ec, size_t written) {
                      if (!c->open) return;
                      owner_.forwarded_[dir] += static_cast<int64_t>(written);
                      if (then_cut) return close(*c, true);
                      if (ec) {
                        owner_.closed_by_[1 - dir]++;  // the side it writes to
                        return close(*c, false);
                      }
                      read(c, dir);
                    });
}

FaultProxy::FaultProxy(const std::string& upstream)
    : impl_(std::make_unique<Impl>(*this, upstream)) {
  address_ = "127.0.0.1:" + std::to_string(impl_->port());
  thread_ = std::thread([this] { impl_->io_.run(); });
}

FaultProxy::~FaultProxy() {
  asio::post(impl_->io_, [this] { impl_->shutdown(); });
  thread_.join();
}

void FaultProxy::run(const std::function<void(Impl&)>& work) {
  std::promise<void> done;
  asio::post(impl_->io_, [&] {
    work(*impl_);
    done.set_value();
  });
  done.get_future().wait();
}

void FaultProxy::cut_all() {
  run([](Impl& p) { p.cut_all(); });
}
bool FaultProxy::cut(size_t index) {
  bool found = false;
  run([&](Impl& p) { found = p.cut(index); });
  return found;
}
void FaultProxy::refuse(bool on) {
  run([on](Impl& p) { p.refuse(on); });
}
void FaultProxy::stall(Direction direction, bool on) {
  run([=](Impl& p) { p.stall(direction, on); });
}
void FaultProxy::delay(std::chrono::milliseconds each_chunk) {
  run([=](Impl& p) { p.delay(each_chunk); });
}
void FaultProxy::cut_after(Direction direction, int64_t bytes) {
  run([=](Impl& p) { p.cut_after(direction, bytes); });
}

}  // namespace souk::test
