#include "server/domain/accounts.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

#include "common/crypto.hpp"
#include "common/validation.hpp"
#include "server/domain/password_hasher.hpp"
#include "server/storage/account_repository.hpp"
#include "server/storage/contact_repository.hpp"
#include "server/storage/session_repository.hpp"

namespace souk::domain {

namespace {

constexpr size_t kTokenBytes = 32;
constexpr size_t kSessionIdBytes = 8;
constexpr size_t kSessionIdMaxBytes = 64;
constexpr std::string_view kDefaultDeviceName = "unnamed device";
const char* const kBadCredentials = "wrong member ID or password";
const char* const kLoggedOut = "this session was logged out; log in again";
const char* const kEndedElsewhere = "this session was ended from another device; log in again";
const char* const kPasswordChanged =
    "the account's password was changed on another device; log in with the new password";

AccountView to_view(const storage::AccountRecord& r) {
  return {r.id,        r.member_id,    r.display_name, static_cast<Role>(r.role),
          r.shop_name, r.created_at_ms};
}

Status validate_registration(const RegisterInput& in) {
  if (auto s = validate_member_id(in.member_id); !s.ok()) return s;
  if (auto s = validate_password(in.password); !s.ok()) return s;
  if (auto s = validate_display_name(in.display_name); !s.ok()) return s;
  if (in.role != static_cast<int>(Role::kBuyer) && in.role != static_cast<int>(Role::kSeller)) {
    return invalid_argument("role must be buyer or seller");
  }
  if (in.role == static_cast<int>(Role::kSeller)) {
    if (in.shop_name.empty()) return invalid_argument("a seller needs a shop name");
    return validate_shop_name(in.shop_name);
  }
  if (!in.shop_name.empty()) return invalid_argument("only sellers have a shop name");
  return Status::Ok();
}

std::string describe_wait(int64_t wait_ms) {
  const int64_t seconds = (wait_ms + 999) / 1000;
  if (seconds < 120) return std::to_string(seconds) + " seconds";
  return std::to_string((seconds + 59) / 60) + " minutes";
}

Status hashers_busy() {
  return resource_exhausted("soukd is checking too many passwords at once; try again in a second");
}

Status login_refused(const LoginVerdict& verdict, const std::string& member_id) {
  if (verdict.refusal == LoginVerdict::Refusal::kAddress) {
    return resource_exhausted("too many failed logins from your address; try again in " +
                              describe_wait(verdict.wait_ms));
  }
  return resource_exhausted("too many failed logins for '" + member_id +
                            "' from your address; try again in " + describe_wait(verdict.wait_ms));
}

LoginThrottleSettings throttle_settings(const AccountSettings& s) {
  return {s.login_max_failures, s.login_failure_window_ms, s.login_address_max_failures,
          s.login_max_delay_ms, static_cast<size_t>(s.login_throttle_max_entries)};
}

}  // namespace

Accounts::Accounts(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
                   boost::asio::thread_pool& pool, AccountSettings settings)
    : writer_(writer),
      readers_(readers),
      clock_(clock),
      pool_(pool),
      settings_(settings),
      throttle_(clock, throttle_settings(settings)),
      registrations_(settings.register_window_ms,
                     static_cast<size_t>(settings.register_max_per_address),
                     static_cast<size_t>(settings.login_throttle_max_entries)),
      streams_(pool, clock),
      hashers_(settings.hash_threads, settings.hash_queue) {}

void Accounts::stop() {
  streams_.stop();
  std::lock_guard lock(holds_mu_);
  stopping_ = true;
  for (const auto& timer : holds_) timer->cancel();
  for (const auto& timer : failure_holds_) timer->cancel();
}

bool Accounts::stopping() {
  std::lock_guard lock(holds_mu_);
  return stopping_;
}

bool Accounts::hold(int64_t delay_ms, std::function<void(bool)> then, Holds& holds) {
  auto timer =
      std::make_shared<boost::asio::steady_timer>(pool_, std::chrono::milliseconds(delay_ms));
  std::lock_guard lock(holds_mu_);
  if (stopping_ || holds.size() >= static_cast<size_t>(settings_.login_max_waiting)) {
    return false;
  }
  holds.insert(timer);
  // Under the lock, so that stop() cannot cancel between the insert and the wait.
  timer->async_wait(
      [this, &holds, timer, then = std::move(then)](const boost::system::error_code& ec) {
        {
          std::lock_guard done(holds_mu_);
          holds.erase(timer);
        }
        then(!ec);
      });
  return true;
}

std::optional<Status> Accounts::register_refusal(const std::string& address) {
  if (address.empty()) return std::nullopt;
  std::lock_guard lock(register_mu_);
  const int64_t now = clock_.now_ms();
  const auto limit = static_cast<size_t>(settings_.register_max_per_address);
  if (auto wait = registrations_.wait_below(address, limit, now)) {
    return resource_exhausted("too many new accounts from your address; try again in " +
                              describe_wait(*wait));
  }
  // Registrations still being hashed count too, so a burst cannot overshoot the limit.
  if (registrations_.count(address, now) + registrations_.in_progress(address) >= limit) {
    return resource_exhausted("too many new accounts from your address; try again in a second");
  }
  registrations_.begin(address, now);
  return std::nullopt;
}

void Accounts::end_registration(const std::string& address, bool counted) {
  if (address.empty()) return;
  std::lock_guard lock(register_mu_);
  registrations_.end(address);
  if (counted) registrations_.add(address, clock_.now_ms());
}

void Accounts::register_account(RegisterInput in, Reply<AccountView> reply) {
  in.member_id = fold_member_id(in.member_id);
  if (auto s = validate_registration(in); !s.ok()) return reply(s);
  const bool taken = readers_.with([&](storage::Database& db) {
    return storage::find_account_by_member_id(db, in.member_id).has_value();
  });
  if (taken) return reply(already_exists("member ID '" + in.member_id + "' is taken"));
  if (auto refused = register_refusal(in.address)) return reply(*refused);

  const bool queued = hashers_.try_run([this, in, reply]() mutable {
    auto record = std::make_shared<storage::AccountRecord>();
    record->member_id = in.member_id;
    record->display_name = in.display_name;
    record->role = in.role;
    record->shop_name = in.shop_name;
    try {
      record->password_hash = hash_password(
          in.password, settings_.minimal_hash_cost ? HashCost::kMinimal : HashCost::kInteractive);
    } catch (const std::exception& e) {
      end_registration(in.address, false);
      return reply(internal_error(e.what()));
    }
    record->created_at_ms = clock_.now_ms();
    // Counted once the hash is paid for, whether or not the insert then finds the ID taken.
    end_registration(in.address, true);
    writer_.submit(
        [record](storage::Database& db) -> Status {
          auto id = storage::insert_account(db, *record);
          if (!id) return already_exists("member ID '" + record->member_id + "' is taken");
          record->id = *id;
          storage::ensure_default_group(db, *id);
          return Status::Ok();
        },
        [record, reply = std::move(reply)](Status s) {
          if (!s.ok()) return reply(s);
          reply(to_view(*record));
        });
  });
  if (queued) return;
  end_registration(in.address, false);
  reply(hashers_busy());
}

void Accounts::answer_late(Reply<LoginOutput> reply, Status refusal) {
  if (settings_.login_failure_delay_ms <= 0) return reply(refusal);
  auto shared = std::make_shared<Status>(std::move(refusal));
  // With too many already waiting (or soukd stopping), the answer goes at once.
  if (!hold(
          settings_.login_failure_delay_ms, [reply, shared](bool) { reply(*shared); },
          failure_holds_)) {
    reply(*shared);
  }
}

void Accounts::login(LoginInput in, Reply<LoginOutput> reply) {
  // Checked before anything is copied or kept: only a well-formed ID becomes a key of the
  // throttle, so no input can make its tables hold more than a short string per entry.
  if (in.member_id.size() > kMemberIdMax) return reply(validate_member_id(in.member_id));
  in.member_id = fold_member_id(in.member_id);
  if (auto s = validate_member_id(in.member_id); !s.ok()) return reply(s);
  if (in.device_name.empty()) in.device_name = kDefaultDeviceName;
  if (auto s = validate_device_name(in.device_name); !s.ok()) return reply(s);
  if (in.password.size() > kPasswordMaxBytes) {
    return answer_late(std::move(reply), unauthenticated(kBadCredentials));
  }
  const auto verdict = throttle_.begin_attempt(in.member_id, in.address);
  if (!verdict.admitted()) {
    return answer_late(std::move(reply), login_refused(verdict, in.member_id));
  }
  if (verdict.delay_ms == 0) return check_login(std::move(in), std::move(reply));
  // Failures from everywhere slow the account down instead of locking it: the owner with
  // the right password still gets in, a little later.
  const bool held = hold(
      verdict.delay_ms,
      [this, in, reply](bool in_time) mutable {
        if (in_time) return check_login(std::move(in), std::move(reply));
        throttle_.cancel_attempt(in.member_id, in.address);
        reply(unavailable("soukd is shutting down; try again in a moment"));
      },
      holds_);
  if (!held) {
    throttle_.cancel_attempt(in.member_id, in.address);
    reply(stopping() ? unavailable("soukd is shutting down; try again in a moment")
                     : resource_exhausted("too many logins are waiting; try again in " +
                                          describe_wait(verdict.delay_ms)));
  }
}

void Accounts::check_login(LoginInput in, Reply<LoginOutput> reply) {
  // Member IDs are public in Souk: a buyer adds a seller by ID, and Register says when one
  // is taken. An unknown ID is therefore refused without a hash: hashing a decoy to match
  // the timing of a real check hid nothing, and let a flood of random IDs keep the hashing
  // pool full (half of the abuse bench's 13 hashes a second). Same words as a wrong password.
  auto account = readers_.try_with(
      [&](storage::Database& db) { return storage::find_account_by_member_id(db, in.member_id); });
  if (!account) {
    throttle_.cancel_attempt(in.member_id, in.address);
    return reply(storage::ReaderPool::busy());
  }
  if (!*account) {
    throttle_.end_attempt(in.member_id, in.address, false);
    return answer_late(std::move(reply), unauthenticated(kBadCredentials));
  }
  const bool queued = hashers_.try_run([this, in, account = std::move(**account), reply]() mutable {
    finish_login(std::move(in), std::move(account), std::move(reply));
  });
  if (queued) return;
  throttle_.cancel_attempt(in.member_id, in.address);
  reply(hashers_busy());
}

void Accounts::finish_login(LoginInput in, storage::AccountRecord account,
                            Reply<LoginOutput> reply) {
  const bool password_ok = verify_password(account.password_hash, in.password);
  throttle_.end_attempt(in.member_id, in.address, password_ok);
  if (!password_ok) return answer_late(std::move(reply), unauthenticated(kBadCredentials));

  const std::string token = base64url_encode(random_bytes(kTokenBytes));
  const int64_t now = clock_.now_ms();
  storage::SessionRecord session{sha256(token),
                                 account.id,
                                 in.device_name,
                                 now,
                                 now + settings_.session_ttl_ms,
                                 account.member_id,
                                 hex_encode(random_bytes(kSessionIdBytes)),
                                 now};
  LoginOutput out{token, session.expires_at_ms, to_view(account)};
  writer_.submit(
      [session, now](storage::Database& db) -> Status {
        storage::delete_expired_sessions(db, now);
        storage::insert_session(db, session);
        return Status::Ok();
      },
      [out = std::move(out), reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        reply(out);
      });
}

void Accounts::logout(const Session& session, std::function<void(Status)> reply) {
  writer_.submit(
      [hash = session.token_hash](storage::Database& db) -> Status {
        storage::delete_session(db, hash);
        return Status::Ok();
      },
      [this, hash = session.token_hash, reply = std::move(reply)](Status s) {
        if (s.ok()) end_sessions({hash}, kLoggedOut);
        reply(s);
      });
}

Result<std::vector<SessionInfo>> Accounts::sessions(const Session& session) {
  const auto records = readers_.with([&](storage::Database& db) {
    return storage::list_sessions(db, session.account_id, clock_.now_ms());
  });
  std::vector<SessionInfo> out;
  out.reserve(records.size());
  for (const auto& r : records) {
    out.push_back({r.id, r.device_name, r.created_at_ms, r.last_seen_ms, r.expires_at_ms,
                   r.token_hash == session.token_hash});
  }
  return out;
}

void Accounts::end_session(const Session& session, std::string session_id,
                           std::function<void(Status)> reply) {
  if (session_id.empty()) return reply(invalid_argument("name the session to end by its id"));
  if (session_id.size() > kSessionIdMaxBytes ||
      !std::all_of(session_id.begin(), session_id.end(),
                   [](char c) { return c > ' ' && c < 0x7f; })) {
    return reply(invalid_argument("a session id is at most 64 printable ASCII characters"));
  }
  auto ended = std::make_shared<std::string>();
  writer_.submit(
      [account = session.account_id, id = session_id, now = clock_.now_ms(),
       ended](storage::Database& db) -> Status {
        auto record = storage::find_account_session(db, account, id);
        // Another member's session and no session at all get the same answer.
        if (!record || record->expires_at_ms <= now) {
          return not_found("no session '" + id + "' among yours");
        }
        storage::delete_session(db, record->token_hash);
        *ended = record->token_hash;
        return Status::Ok();
      },
      [this, ended, own = session.token_hash, reply = std::move(reply)](Status s) {
        if (s.ok()) end_sessions({*ended}, *ended == own ? kLoggedOut : kEndedElsewhere);
        reply(s);
      });
}

void Accounts::end_other_sessions(const Session& session, Reply<int> reply) {
  auto ended = std::make_shared<std::vector<std::string>>();
  writer_.submit(
      [account = session.account_id, keep = session.token_hash,
       ended](storage::Database& db) -> Status {
        *ended = storage::delete_other_sessions(db, account, keep);
        return Status::Ok();
      },
      [this, ended, reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        end_sessions(*ended, kEndedElsewhere);
        reply(static_cast<int>(ended->size()));
      });
}

void Accounts::change_password(const Session& session, std::string current, std::string next,
                               Reply<int> reply) {
  if (auto s = validate_password(next); !s.ok()) {
    return reply(invalid_argument("new " + s.message()));
  }
  if (current.empty()) return reply(invalid_argument("give the current password"));
  if (current.size() > kPasswordMaxBytes) {
    return reply(permission_denied("the current password is wrong"));
  }
  // A stolen token must not become a way to guess the password faster than Login allows.
  // Counted apart from any address (the token names the member already); no delay either,
  // as the refusal after max_failures is already slower than Login allows.
  const auto verdict = throttle_.begin_attempt(session.member_id, "");
  if (!verdict.admitted()) {
    return reply(resource_exhausted("too many wrong passwords for '" + session.member_id +
                                    "'; try again in " + describe_wait(verdict.wait_ms)));
  }
  const bool queued = hashers_.try_run([this, session, current, next, reply]() mutable {
    finish_change_password(std::move(session), std::move(current), std::move(next),
                           std::move(reply));
  });
  if (queued) return;
  throttle_.cancel_attempt(session.member_id, "");
  reply(hashers_busy());
}

void Accounts::finish_change_password(Session session, std::string current, std::string next,
                                      Reply<int> reply) {
  auto account = readers_.with(
      [&](storage::Database& db) { return storage::find_account_by_id(db, session.account_id); });
  const bool password_ok = account && verify_password(account->password_hash, current);
  throttle_.end_attempt(session.member_id, "", password_ok);
  if (!account) return reply(unauthenticated("the account behind this session no longer exists"));
  if (!password_ok) return reply(permission_denied("the current password is wrong"));
  if (next == current) {
    return reply(invalid_argument("the new password is the same as the current one"));
  }
  std::string hash;
  try {
    hash = hash_password(next,
                         settings_.minimal_hash_cost ? HashCost::kMinimal : HashCost::kInteractive);
  } catch (const std::exception& e) {
    return reply(internal_error(e.what()));
  }
  auto ended = std::make_shared<std::vector<std::string>>();
  writer_.submit(
      [account = session.account_id, keep = session.token_hash, hash = std::move(hash),
       ended](storage::Database& db) -> Status {
        // The password and the end of the other sessions commit together: no session
        // opened with the old password survives the change.
        storage::set_password_hash(db, account, hash);
        *ended = storage::delete_other_sessions(db, account, keep);
        return Status::Ok();
      },
      [this, ended, reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        end_sessions(*ended, kPasswordChanged);
        reply(static_cast<int>(ended->size()));
      });
}

void Accounts::end_sessions(const std::vector<std::string>& token_hashes, const std::string& why) {
  // Before the caller hears that they ended: from here on no call passes with them.
  session_cache_.drop(token_hashes);
  streams_.end(token_hashes, why);
}

Result<Session> Accounts::authenticate(std::string_view token) {
  if (token.empty()) return unauthenticated("this call needs a session token; log in first");
  const std::string hash = sha256(token);
  const int64_t now = clock_.now_ms();
  auto entry = session_cache_.get(hash, now);
  if (!entry) {
    const uint64_t generation = session_cache_.generation();
    // On a gRPC thread: a pool that is all taken is answered, not waited out.
    auto record =
        readers_.try_with([&](storage::Database& db) { return storage::find_session(db, hash); });
    if (!record) return storage::ReaderPool::busy();
    if (!*record) return unauthenticated("the session token is not valid; log in again");
    const auto& r = **record;
    entry = SessionCache::Entry{r.account_id,    r.member_id, r.token_hash,  r.device_name,
                                r.expires_at_ms, r.id,        r.last_seen_ms};
    session_cache_.put(*entry, now, generation);
  }
  // Checked on every call, cached or not: expiry needs no one to drop the session.
  if (entry->expires_at_ms <= now) return unauthenticated("the session has expired; log in again");
  if (now - entry->last_seen_ms >= kLastSeenStepMs &&
      session_cache_.claim_last_seen(hash, now, kLastSeenStepMs)) {
    // Nobody waits for it: last seen is a hint, and a lost (or refused) update costs a
    // minute of it.
    writer_.submit(
        [hash, now](storage::Database& db) -> Status {
          storage::touch_session(db, hash, now);
          return Status::Ok();
        },
        {});
  }
  return Session{entry->account_id,  entry->member_id,     entry->token_hash,
                 entry->device_name, entry->expires_at_ms, entry->id};
}

bool Accounts::session_exists(const std::string& token_hash) {
  return readers_.with(
      [&](storage::Database& db) { return storage::find_session(db, token_hash).has_value(); });
}

Result<AccountView> Accounts::account(int64_t account_id) {
  auto record = readers_.with(
      [&](storage::Database& db) { return storage::find_account_by_id(db, account_id); });
  if (!record) return unauthenticated("the account behind this session no longer exists");
  return to_view(*record);
}

}  // namespace souk::domain
