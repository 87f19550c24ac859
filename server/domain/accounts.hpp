#pragma once

#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/status.hpp"
#include "server/domain/login_throttle.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"

namespace souk::domain {

enum class Role { kBuyer = 1, kSeller = 2 };

struct AccountSettings {
  int64_t session_ttl_ms = 30LL * 24 * 3600 * 1000;
  int login_max_failures = 5;
  int64_t login_failure_window_ms = 15LL * 60 * 1000;
  bool minimal_hash_cost = false;  // load tests only; see password_hasher.hpp
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
};

struct LoginInput {
  std::string member_id;
  std::string password;
  std::string device_name;
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
};

template <class T>
using Reply = std::function<void(Result<T>)>;

// Registration, login and sessions. Password hashing runs on `pool`; replies arrive on a
// pool or writer thread, never on the caller's.
class Accounts {
 public:
  Accounts(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
           boost::asio::thread_pool& pool, AccountSettings settings);

  void register_account(RegisterInput input, Reply<AccountView> reply);
  void login(LoginInput input, Reply<LoginOutput> reply);
  void logout(const Session& session, std::function<void(Status)> reply);

  // Cheap: one indexed read. UNAUTHENTICATED for unknown, revoked or expired tokens.
  Result<Session> authenticate(std::string_view token);
  Result<AccountView> account(int64_t account_id);

 private:
  void finish_login(LoginInput input, Reply<LoginOutput> reply);

  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  boost::asio::thread_pool& pool_;
  AccountSettings settings_;
  LoginThrottle throttle_;
  // Verified against when the member ID is unknown, so both failures cost the same time.
  std::string decoy_hash_;
};

}  // namespace souk::domain
