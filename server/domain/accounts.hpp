#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "common/status.hpp"
#include "server/domain/hash_pool.hpp"
#include "server/domain/login_throttle.hpp"
#include "server/domain/session_cache.hpp"
#include "server/domain/session_streams.hpp"
#include "server/storage/account_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"

namespace souk::domain {

enum class Role { kBuyer = 1, kSeller = 2 };

struct AccountSettings {
  int64_t session_ttl_ms = 30LL * 24 * 3600 * 1000;
  // Sessions remembered after a token check, and for how long: see session_cache.hpp.
  int session_cache_entries = 10'000;
  int64_t session_cache_ttl_ms = 30'000;
  int login_max_failures = 5;
  int64_t login_failure_window_ms = 15LL * 60 * 1000;
  bool minimal_hash_cost = false;  // load tests only; see password_hasher.hpp
  // Unauthenticated calls: see docs/SECURITY.md.
  int64_t max_auth_request_bytes = 4096;
  int login_address_max_failures = 50;
  int64_t login_max_delay_ms = 16'000;
  int login_max_waiting = 256;
  int login_throttle_max_entries = 50'000;
  int register_max_per_address = 600;
  int64_t register_window_ms = 3600LL * 1000;
  // A quarter of the cores, at least one: each hashing thread keeps a core busy for the
  // length of a flood, and on two cores a second one took the CPU delivery needed (the
  // chatters' p99 under a login flood: 2.3x the quiet figure with one thread, over 14x
  // with two; souk-bench abuse).
  int hash_threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency() / 4));
  int hash_queue = 32;
  // A wrong password, an unknown ID or a throttled login is answered this late, on a
  // timer, not a thread: a stranger who guesses back to back then makes about one call a
  // second instead of hundreds, while the owner who mistypes waits a second. A full
  // hashing pool is still answered at once.
  int64_t login_failure_delay_ms = 1000;
};

struct AccountView {
  int64_t id = 0;
  std::string member_id;
  std::string display_name;
  Role role = Role::kBuyer;
  std::string shop_name;
  int64_t created_at_ms = 0;
};

struct RegisterInput {
  std::string member_id;
  std::string password;
  std::string display_name;
  int role = 0;  // as sent; validated here
  std::string shop_name;
  std::string address;  // the caller's, without the port; empty when unknown
};

struct LoginInput {
  std::string member_id;
  std::string password;
  std::string device_name;
  std::string address;  // the caller's, without the port; empty when unknown
};

struct LoginOutput {
  std::string token;
  int64_t expires_at_ms = 0;
  AccountView account;
};

// Who a request comes from, once its bearer token checked out.
struct Session {
  int64_t account_id = 0;
  std::string member_id;
  std::string token_hash;
  std::string device_name;
  int64_t expires_at_ms = 0;
  std::string id;  // public, for reviewing and ending sessions
};

// One of a member's sessions, as they review them.
struct SessionInfo {
  std::string id;
  std::string device_name;
  int64_t created_at_ms = 0;
  int64_t last_seen_ms = 0;  // to within kLastSeenStepMs
  int64_t expires_at_ms = 0;
  bool current = false;  // the session asking
};

// Last seen is written at most this often per session, not on every call.
inline constexpr int64_t kLastSeenStepMs = 60'000;

template <class T>
using Reply = std::function<void(Result<T>)>;

// Registration, login and sessions. Password hashing and checking run on threads of their
// own with a bounded queue (see hash_pool.hpp); replies arrive on one of those, a pool or a
// writer thread, never on the caller's.
class Accounts {
 public:
  Accounts(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
           boost::asio::thread_pool& pool, AccountSettings settings);

  void register_account(RegisterInput input, Reply<AccountView> reply);
  void login(LoginInput input, Reply<LoginOutput> reply);
  // Each of these ends the live streams of the sessions it ends, once committed.
  void logout(const Session& session, std::function<void(Status)> reply);
  Result<std::vector<SessionInfo>> sessions(const Session& session);
  // NOT_FOUND for an id that is not one of the caller's sessions.
  void end_session(const Session& session, std::string session_id,
                   std::function<void(Status)> reply);
  // Replies with how many sessions were ended.
  void end_other_sessions(const Session& session, Reply<int> reply);
  // Needs the current password (PERMISSION_DENIED otherwise, counted by the login
  // throttle); ends every other session. Replies with how many were ended.
  void change_password(const Session& session, std::string current, std::string next,
                       Reply<int> reply);

  // Where streams register, so that a session's end reaches them.
  SessionStreams& streams() { return streams_; }
  // Before the pool is joined. Logins still waiting out a delay are answered UNAVAILABLE.
  void stop();
  const AccountSettings& settings() const { return settings_; }

  // Cheap: from the session cache, else one indexed read. UNAUTHENTICATED for unknown,
  // revoked or expired tokens; UNAVAILABLE when no reader came free in time.
  Result<Session> authenticate(std::string_view token);
  Result<AccountView> account(int64_t account_id);
  // For a stream just registered: whether its session was ended before it registered.
  bool session_exists(const std::string& token_hash);

 private:
  void check_login(LoginInput input, Reply<LoginOutput> reply);
  void finish_login(LoginInput input, storage::AccountRecord account, Reply<LoginOutput> reply);
  // Runs `then(true)` after `delay_ms` on the pool, or `then(false)` if soukd stops first;
  // false when too many are already waiting (the global ceiling) and `then` never runs.
  using Holds = std::set<std::shared_ptr<boost::asio::steady_timer>>;
  // Runs `then` after the delay, unless `holds` already has login_max_waiting timers.
  bool hold(int64_t delay_ms, std::function<void(bool)> then, Holds& holds);
  // A wrong password or a throttled login: see login_failure_delay_ms.
  void answer_late(Reply<LoginOutput> reply, Status refusal);
  bool stopping();
  // Reserves a registration for the caller's address, or says why not; every reservation
  // is ended, counted once its password was hashed.
  std::optional<Status> register_refusal(const std::string& address);
  void end_registration(const std::string& address, bool counted);
  void finish_change_password(Session session, std::string current, std::string next,
                              Reply<int> reply);
  // After the commit that ended them: drops them from the cache, then ends their streams.
  void end_sessions(const std::vector<std::string>& token_hashes, const std::string& why);

  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  boost::asio::thread_pool& pool_;
  AccountSettings settings_;
  LoginThrottle throttle_;
  std::mutex register_mu_;
  WindowCounter registrations_;  // per address
  std::mutex holds_mu_;
  bool stopping_ = false;
  Holds holds_;  // logins to an account many addresses failed, waiting to be checked
  // Failed logins waiting to be answered: apart, so that a flood of them can never take
  // the places of the owner's logins above.
  Holds failure_holds_;
  SessionStreams streams_;
  SessionCache session_cache_{static_cast<size_t>(settings_.session_cache_entries),
                              settings_.session_cache_ttl_ms};
  HashPool hashers_;  // last: joined first, while everything its jobs use still exists
};

// For a stream that ends itself at its own next step (a chunk read or written) once its
// session is gone, rather than being finished from another thread: uploads and downloads,
// whose every step is already their own. Registered for its whole life.
class SessionWatch final : public LiveStream {
 public:
  // `on_end`, if given, runs on the ending thread right after ended() turns true, for a
  // stream that is waiting on its peer and would otherwise not look again.
  SessionWatch(Accounts& accounts, const Session& session,
               std::function<void(const std::string&)> on_end = {})
      : streams_(accounts.streams()), on_end_(std::move(on_end)) {
    streams_.add(session.token_hash, session.expires_at_ms, this);
    // A session ended between the token check and the line above was not here to be ended.
    if (!accounts.session_exists(session.token_hash)) {
      end_session("the session token is not valid; log in again");
    }
  }
  ~SessionWatch() override { streams_.remove(this); }
  SessionWatch(const SessionWatch&) = delete;
  SessionWatch& operator=(const SessionWatch&) = delete;

  void end_session(const std::string& message) override {
    {
      std::lock_guard lock(mu_);
      ended_ = message;
    }
    if (on_end_) on_end_(message);
  }
  // Why the session ended, if it did.
  std::optional<std::string> ended() const {
    std::lock_guard lock(mu_);
    return ended_;
  }

 private:
  SessionStreams& streams_;
  std::function<void(const std::string&)> on_end_;
  mutable std::mutex mu_;
  std::optional<std::string> ended_;
};

}  // namespace souk::domain
