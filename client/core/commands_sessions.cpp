// Settings → Account: sessions and the password. Calls run on the worker thread; their
// outcome reaches Store::account.
#include <cctype>

#include "client/core/commands.hpp"
#include "client/core/connection.hpp"

namespace souk::client {

namespace {

AuthClient auth_of(Connection& c) {
  auto [channel, token] = c.credentials();
  AuthClient auth(channel);
  auth.set_token(token);
  return auth;
}

void report(Connection& c, const std::string& why) {
  c.ui().post([why](Store& s) {
    s.account.loading = false;
    s.account.error = why;
  });
}

void fetch_sessions(Connection& c) {
  if (!c.online()) return report(c, kOfflineWords);
  auto list = auth_of(c).sessions();
  if (!list) {
    if (!c.handle_failure(list.status())) report(c, list.status().message());
    return;
  }
  c.ui().post([list = std::move(*list)](Store& s) {
    s.account.loading = false;
    s.account.loaded = true;
    s.account.error.clear();
    s.account.list.assign(list.sessions().begin(), list.sessions().end());
  });
}

// Ends sessions, then shows the list as it is now.
template <class Call>
void end_sessions(Connection& c, Call call) {
  c.post([&c, call] {
    if (!c.online()) return report(c, kOfflineWords);
    auto auth = auth_of(c);
    if (Status s = call(auth); !s.ok()) {
      if (!c.handle_failure(s)) report(c, s.message());
      return;
    }
    fetch_sessions(c);
  });
}

void password_failed(Connection& c, const std::string& why) {
  c.ui().post([why](Store& s) {
    s.account.changing_password = false;
    s.account.password_error = why;
  });
}

std::string sessions_ended(int n) {
  if (n == 0) return "Password changed";
  return "Password changed; " + std::to_string(n) + " other session" + (n == 1 ? "" : "s") +
         " signed out";
}

}  // namespace

void Commands::load_sessions() {
  store_.account.loading = true;
  connection_.post([&c = connection_] { fetch_sessions(c); });
}

void Commands::end_session(const std::string& session_id) {
  store_.account.error.clear();
  end_sessions(connection_, [session_id](AuthClient& a) { return a.end_session(session_id); });
}

void Commands::end_other_sessions() {
  store_.account.error.clear();
  end_sessions(connection_, [](AuthClient& a) { return a.end_other_sessions().status(); });
}

void Commands::change_password(const std::string& current, const std::string& next) {
  store_.account.changing_password = true;
  store_.account.password_error.clear();
  store_.account.password_outcome.clear();
  connection_.post([&c = connection_, current, next] {
    if (!c.online()) return password_failed(c, kOfflineWords);
    auto ended = auth_of(c).change_password(current, next);
    if (!ended) {
      const Status& s = ended.status();
      if (s.code() == Code::kPermissionDenied) {
        return password_failed(c, "The current password is wrong");
      }
      if (c.handle_failure(s)) {
        return password_failed(
            c, s.code() == Code::kUnavailable ? "Cannot reach the server; nothing changed" : "");
      }
      std::string why = s.message();
      if (!why.empty())
        why[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(why[0])));
      return password_failed(c, why);
    }
    c.ui().post([n = *ended](Store& s) {
      s.account.changing_password = false;
      s.account.password_outcome = sessions_ended(n);
      ++s.account.password_changes;
    });
    fetch_sessions(c);
  });
}

}  // namespace souk::client
