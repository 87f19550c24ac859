#include "client/cli/cli_context.hpp"

#include <cstdlib>

namespace souk::cli {

namespace {

constexpr const char* kDefaultServer = "127.0.0.1:50051";

std::string from_env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

std::filesystem::path resolve_profile(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (auto env = from_env("SOUK_PROFILE"); !env.empty()) return env;
  return client::Profile::default_dir();
}

}  // namespace

CliContext::CliContext(const GlobalOptions& options)
    : out_(options.json),
      profile_(resolve_profile(options.profile)),
      saved_(profile_.load_session()),
      tls_ca_(options.tls_ca) {
  server_ = options.server;
  if (server_.empty()) server_ = from_env("SOUK_SERVER");
  if (server_.empty() && saved_) server_ = saved_->server;
  if (server_.empty()) server_ = kDefaultServer;
}

Result<std::shared_ptr<grpc::Channel>> CliContext::channel() const {
  return client::open_channel({server_, tls_ca_});
}

Result<client::SavedSession> CliContext::session() const {
  if (!saved_) {
    return unauthenticated("not logged in with profile " + profile_.dir().string() +
                           "; run 'souk-cli login ID' first");
  }
  return *saved_;
}

Result<client::AuthClient> CliContext::auth_client() const {
  auto ch = channel();
  if (!ch) return ch.status();
  return client::AuthClient(*ch);
}

Result<client::AuthClient> CliContext::logged_in_auth_client() const {
  auto s = session();
  if (!s) return s.status();
  auto client = auth_client();
  if (client) client->set_token(s->token);
  return client;
}

Result<client::ChatClient> CliContext::chat_client() const {
  return logged_in<client::ChatClient>();
}

Result<client::ContactClient> CliContext::contact_client() const {
  return logged_in<client::ContactClient>();
}

Result<client::FileClient> CliContext::file_client() const {
  return logged_in<client::FileClient>();
}

Result<client::GroupClient> CliContext::group_client() const {
  auto s = session();
  if (!s) return s.status();
  auto ch = channel();
  if (!ch) return ch.status();
  return client::GroupClient(*ch, s->token);
}

Result<client::TranslationClient> CliContext::translation_client() const {
  auto s = session();
  if (!s) return s.status();
  auto ch = channel();
  if (!ch) return ch.status();
  return client::TranslationClient(*ch, s->token);
}

}  // namespace souk::cli
