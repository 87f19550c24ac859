#include "server/domain/accounts.hpp"

#include <boost/asio/post.hpp>

#include "common/crypto.hpp"
#include "common/validation.hpp"
#include "server/domain/password_hasher.hpp"
#include "server/storage/account_repository.hpp"
#include "server/storage/contact_repository.hpp"
#include "server/storage/session_repository.hpp"

namespace souk::domain {

namespace {

constexpr size_t kTokenBytes = 32;
constexpr std::string_view kDefaultDeviceName = "unnamed device";
const char* const kBadCredentials = "wrong member ID or password";

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

}  // namespace

Accounts::Accounts(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
                   boost::asio::thread_pool& pool, AccountSettings settings)
    : writer_(writer),
      readers_(readers),
      clock_(clock),
      pool_(pool),
      settings_(settings),
      throttle_(clock, settings.login_max_failures, settings.login_failure_window_ms),
      decoy_hash_(hash_password(base64url_encode(random_bytes(16)))) {}

void Accounts::register_account(RegisterInput in, Reply<AccountView> reply) {
  in.member_id = fold_member_id(in.member_id);
  if (auto s = validate_registration(in); !s.ok()) return reply(s);
  const bool taken = readers_.with([&](storage::Database& db) {
    return storage::find_account_by_member_id(db, in.member_id).has_value();
  });
  if (taken) return reply(already_exists("member ID '" + in.member_id + "' is taken"));

  boost::asio::post(pool_, [this, in = std::move(in), reply = std::move(reply)]() mutable {
    auto record = std::make_shared<storage::AccountRecord>();
    record->member_id = in.member_id;
    record->display_name = in.display_name;
    record->role = in.role;
    record->shop_name = in.shop_name;
    try {
      record->password_hash = hash_password(
          in.password, settings_.minimal_hash_cost ? HashCost::kMinimal : HashCost::kInteractive);
    } catch (const std::exception& e) {
      return reply(internal_error(e.what()));
    }
    record->created_at_ms = clock_.now_ms();
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
}

void Accounts::login(LoginInput in, Reply<LoginOutput> reply) {
  in.member_id = fold_member_id(in.member_id);
  if (in.device_name.empty()) in.device_name = kDefaultDeviceName;
  if (auto s = validate_device_name(in.device_name); !s.ok()) return reply(s);
  if (in.password.size() > kPasswordMaxBytes) return reply(unauthenticated(kBadCredentials));
  if (auto wait = throttle_.begin_attempt(in.member_id)) {
    return reply(resource_exhausted("too many failed logins for '" + in.member_id +
                                    "'; try again in " + describe_wait(*wait)));
  }
  boost::asio::post(pool_, [this, in = std::move(in), reply = std::move(reply)]() mutable {
    finish_login(std::move(in), std::move(reply));
  });
}

void Accounts::finish_login(LoginInput in, Reply<LoginOutput> reply) {
  auto account = readers_.with(
      [&](storage::Database& db) { return storage::find_account_by_member_id(db, in.member_id); });
  const bool password_ok =
      verify_password(account ? account->password_hash : decoy_hash_, in.password);
  throttle_.end_attempt(in.member_id, account && password_ok);
  if (!account || !password_ok) return reply(unauthenticated(kBadCredentials));

  const std::string token = base64url_encode(random_bytes(kTokenBytes));
  const int64_t now = clock_.now_ms();
  storage::SessionRecord session{
      sha256(token),     account->id, in.device_name, now, now + settings_.session_ttl_ms,
      account->member_id};
  LoginOutput out{token, session.expires_at_ms, to_view(*account)};
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
      std::move(reply));
}

Result<Session> Accounts::authenticate(std::string_view token) {
  if (token.empty()) return unauthenticated("this call needs a session token; log in first");
  const std::string hash = sha256(token);
  auto record =
      readers_.with([&](storage::Database& db) { return storage::find_session(db, hash); });
  if (!record) return unauthenticated("the session token is not valid; log in again");
  if (record->expires_at_ms <= clock_.now_ms()) {
    return unauthenticated("the session has expired; log in again");
  }
  return Session{record->account_id, record->member_id, record->token_hash, record->device_name,
                 record->expires_at_ms};
}

Result<AccountView> Accounts::account(int64_t account_id) {
  auto record = readers_.with(
      [&](storage::Database& db) { return storage::find_account_by_id(db, account_id); });
  if (!record) return unauthenticated("the account behind this session no longer exists");
  return to_view(*record);
}

}  // namespace souk::domain
