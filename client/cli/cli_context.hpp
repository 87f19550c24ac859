#pragma once

#include <optional>
#include <string>

#include "client/cli/output.hpp"
#include "client/core/auth_client.hpp"
#include "client/core/channel.hpp"
#include "client/core/chat_client.hpp"
#include "client/core/contact_client.hpp"
#include "client/core/file_client.hpp"
#include "client/core/group_client.hpp"
#include "client/core/profile.hpp"
#include "client/core/translation_client.hpp"

namespace souk::cli {

// What every command gets: the global options, resolved.
struct GlobalOptions {
  std::string server;  // empty: SOUK_SERVER, then the profile's, then the default
  std::string tls_ca;
  std::string profile;  // empty: SOUK_PROFILE, then ~/.config/souk
  bool json = false;
};

class CliContext {
 public:
  explicit CliContext(const GlobalOptions& options);

  const Output& out() const { return out_; }
  const client::Profile& profile() const { return profile_; }
  const std::string& server() const { return server_; }
  const std::optional<client::SavedSession>& saved() const { return saved_; }

  Result<client::AuthClient> auth_client() const;
  // Same, carrying the saved token; UNAUTHENTICATED when nobody is logged in here.
  Result<client::AuthClient> logged_in_auth_client() const;
  Result<std::shared_ptr<grpc::Channel>> channel() const;
  Result<client::ChatClient> chat_client() const;
  Result<client::ContactClient> contact_client() const;
  Result<client::GroupClient> group_client() const;
  Result<client::TranslationClient> translation_client() const;
  Result<client::FileClient> file_client() const;
  // The saved session, or UNAUTHENTICATED with what to do about it.
  Result<client::SavedSession> session() const;

 private:
  // A client of one service, carrying the saved token.
  template <class Client>
  Result<Client> logged_in() const {
    auto s = session();
    if (!s) return s.status();
    auto ch = channel();
    if (!ch) return ch.status();
    return Client(*ch, s->token);
  }

  Output out_;
  client::Profile profile_;
  std::optional<client::SavedSession> saved_;
  std::string server_;
  std::string tls_ca_;
};

}  // namespace souk::cli
