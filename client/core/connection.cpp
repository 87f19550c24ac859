#include "client/core/connection.hpp"

#include <boost/asio/post.hpp>
#include <cctype>

#include "client/core/store_updates.hpp"

namespace souk::client {

namespace {

using Phase = ConnectionState::Phase;

std::string in_words(const Status& s) {
  switch (s.code()) {
    case Code::kUnavailable:
      return "Cannot reach the server";
    case Code::kUnauthenticated:
      return "Wrong member ID or password";
    default:
      return s.message();
  }
}

}  // namespace

Connection::Connection(CoreOptions options, UiQueue& ui, const EventListener& listener)
    : options_(std::move(options)),
      ui_(ui),
      listener_(listener),
      profile_(options_.profile_dir.empty() ? Profile::default_dir() : options_.profile_dir),
      work_(io_.get_executor()),
      retry_timer_(io_),
      thread_([this] { io_.run(); }) {
  if (options_.cache_dir.empty()) options_.cache_dir = LocalCache::default_dir();
}

Connection::~Connection() {
  post([this] {
    stopping_ = true;
    retry_timer_.cancel();
    drop_stream();
    work_.reset();
  });
  thread_.join();
}

namespace {

// A failure in one task is the user's to see; it must not end the client.
void run_and_report(UiQueue& ui, const std::function<void()>& task) {
  try {
    task();
  } catch (const sqlite::SqliteError& e) {
    ui.post([why = std::string(e.what())](Store& s) {
      s.errors.general = "The local history could not be written: " + why;
    });
  } catch (const std::exception& e) {
    ui.post([why = std::string(e.what())](Store& s) {
      s.errors.general = "Something went wrong: " + why;
    });
  } catch (...) {
    ui.post([](Store& s) { s.errors.general = "Something went wrong in the background"; });
  }
}

}  // namespace

void Connection::post(std::function<void()> task) {
  boost::asio::post(io_, [this, task = std::move(task)] { run_and_report(ui_, task); });
}

void Connection::aside(AsideCall call) {
  aside_.post([this, call = std::move(call)] {
    const auto now = credentials();
    run_and_report(ui_, [&] { call(now.first, now.second); });
  });
}

void Connection::handle_failure_later(const Status& status,
                                      std::shared_ptr<grpc::Channel> channel) {
  post([this, status, channel = std::move(channel)] {
    if (channel == channel_) handle_failure(status);
  });
}

void Connection::post_phase(Phase phase, const std::string& error) {
  ui_.post([phase, error, server = server_](Store& s) {
    s.connection.phase = phase;
    s.connection.server = server;
    s.connection.last_error = error;
    if (phase == Phase::kConnected) s.connection.attempt = 0;
  });
}

void Connection::resume_saved() {
  auto saved = profile_.load_session();
  if (!saved || saved->server.empty()) {
    ui_.post([](Store& s) { s.connection.phase = Phase::kSignedOut; });
    return;
  }
  member_id_ = saved->member_id;
  begin(options_.server.empty() ? saved->server : options_.server, saved->token, true,
        std::nullopt);
}

void Connection::login(const LoginForm& form) {
  server_ = form.server;
  post_phase(Phase::kSigningIn, "");
  auto channel = open_channel({form.server, options_.tls_ca_file});
  if (!channel) return sign_out(channel.status().message());
  v1::LoginRequest request;
  request.set_member_id(form.member_id);
  request.set_password(form.password);
  request.set_device_name(options_.device_name);
  auto reply = AuthClient(*channel).login(request);
  if (!reply) return sign_out(in_words(reply.status()));
  if (form.remember) {
    SavedSession session{form.server, reply->account().member_id(), reply->token(),
                         reply->expires_at_ms()};
    if (auto s = profile_.save_session(session); !s.ok()) {
      ui_.post([why = s.message()](Store& st) { st.errors.general = why; });
    }
  } else {
    (void)profile_.forget_session();
  }
  member_id_ = reply->account().member_id();
  begin(form.server, reply->token(), form.remember, reply->account());
}

void Connection::register_and_login(const RegisterForm& form) {
  server_ = form.login.server;
  post_phase(Phase::kSigningIn, "");
  auto channel = open_channel({form.login.server, options_.tls_ca_file});
  if (!channel) return sign_out(channel.status().message());
  v1::RegisterRequest request;
  request.set_member_id(form.login.member_id);
  request.set_password(form.login.password);
  request.set_display_name(form.display_name);
  request.set_role(form.role);
  request.set_shop_name(form.shop_name);
  auto reply = AuthClient(*channel).register_account(request);
  if (!reply) {
    const bool taken = reply.status().code() == Code::kAlreadyExists;
    return sign_out(taken ? "This member ID is taken; pick another one" : in_words(reply.status()));
  }
  login(form.login);
}

void Connection::begin(const std::string& server, const std::string& token, bool remembered,
                       std::optional<v1::Account> account) {
  drop_stream();
  server_ = server;
  token_ = token;
  cache_.reset();
  auto cache = LocalCache::open(LocalCache::file_for(options_.cache_dir, server, member_id_));
  if (!cache) return sign_out(cache.status().message());
  cache_ = std::move(*cache);
  if (account) cache_->save_account(*account);
  if (!account) account = cache_->account();
  if (!account) {
    account.emplace();
    account->set_member_id(member_id_);
  }
  // What the cache knows goes to the screen first, so history shows while we connect.
  ui_.post([server, remembered, account = *account, contacts = cache_->contacts(),
            conversations = cache_->conversations(), settings = cache_->settings(),
            outbox = cache_->outbox()](Store& s) {
    s = Store{};
    s.connection.phase = Phase::kSigningIn;
    s.connection.server = server;
    apply_account(s, account);
    s.me.remembered = remembered;
    if (contacts) apply_contacts(s, *contacts);
    if (conversations) apply_conversations(s, *conversations);
    s.settings = settings;
    for (const auto& entry : outbox) add_pending(s, entry);
  });
  attempt_ = 0;
  connect();
}

std::pair<std::shared_ptr<grpc::Channel>, std::string> Connection::credentials() const {
  std::lock_guard lock(credentials_mu_);
  return {shared_channel_, shared_token_};
}

void Connection::connect() {
  if (token_.empty() || stopping_) return;
  drop_stream();
  // A fresh channel per attempt: gRPC's own reconnect backoff would otherwise keep
  // failing calls fast for up to two minutes after the server is back.
  auto channel = open_channel({server_, options_.tls_ca_file});
  if (!channel) return sign_out(channel.status().message());
  channel_ = *channel;
  chat_ = std::make_unique<ChatClient>(channel_, token_);
  contacts_ = std::make_unique<ContactClient>(channel_, token_);
  translation_ = std::make_unique<TranslationClient>(channel_, token_);
  {
    std::lock_guard lock(credentials_mu_);
    shared_channel_ = channel_;
    shared_token_ = token_;
  }
  groups_ = std::make_unique<GroupClient>(channel_, token_);
  AuthClient auth(channel_);
  auth.set_token(token_);
  auto me = auth.whoami();
  if (!me) {
    if (me.status().code() == Code::kUnauthenticated) {
      (void)profile_.forget_session();
      return sign_out("Your session has ended; please log in again");
    }
    return schedule_retry(in_words(me.status()));
  }
  member_id_ = me->account().member_id();
  cache_->save_account(me->account());
  ui_.post([account = me->account()](Store& s) { apply_account(s, account); });
  online_ = true;
  refresh_contacts();
  refresh_conversations();
  refresh_translation();
  refresh_groups();
  if (!online_) return;  // the lists failed and a retry is scheduled
  open_stream();
  attempt_ = 0;
  post_phase(Phase::kConnected, "");
  flush_outbox();
}

void Connection::open_stream() {
  const uint64_t generation = ++generation_;
  stream_ = std::make_unique<EventStream>(channel_, token_);
  stream_->open(cache_->last_seq(), [this, generation](const v1::SubscribeResponse& batch) {
    post([this, generation, batch] { on_batch(generation, batch); });
  });
  stream_watch_ = std::thread([this, generation, stream = stream_.get()] {
    Status status = stream->wait();
    post([this, generation, status] { on_stream_end(generation, status); });
  });
}

void Connection::on_batch(uint64_t generation, const v1::SubscribeResponse& batch) {
  if (generation != generation_ || !cache_) return;
  cache_->save_batch(batch, member_id_);
  int64_t high = 0;
  bool contacts_changed = false;
  bool conversations_stale = false;
  std::set<int64_t> groups_changed;
  for (const auto& e : batch.events()) {
    high = std::max(high, e.seq());
    if (e.has_message() && !known_conversations_.contains(e.message().conversation_id())) {
      conversations_stale = true;
    }
    if (e.has_message() && e.message().has_system()) {
      groups_changed.insert(e.message().conversation_id());
    }
    contacts_changed |= e.has_contact();
    conversations_stale |= e.has_resync_required();
  }
  // Acked only after the cache has it: a crash here replays the batch, never loses it.
  if (high > 0 && stream_) stream_->ack(high);
  // The list first, so a chat new to us shows under its name (the messages themselves say
  // which chat they belong to).
  if (conversations_stale) refresh_conversations();
  ui_.post([batch, &listener = listener_](Store& s) {
    apply_events(s, batch);
    if (listener) listener(s, batch);
  });
  if (contacts_changed) refresh_contacts();
  if (!groups_changed.empty()) refresh_groups();
  for (int64_t group : groups_changed) refresh_group_members(group);
}

void Connection::on_stream_end(uint64_t generation, const Status& status) {
  if (generation != generation_) return;
  drop_stream();
  if (status.code() == Code::kUnauthenticated) {
    // The server says why (logged out, ended from another device, a new password,
    // expired), in words meant for the user.
    (void)profile_.forget_session();
    std::string why =
        status.message().empty() ? "Your session has ended; please log in again" : status.message();
    why[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(why[0])));
    return sign_out(why);
  }
  schedule_retry(status.ok() ? "The server closed the connection" : in_words(status));
}

void Connection::schedule_retry(const std::string& why) {
  online_ = false;
  drop_stream();
  if (stopping_) return;
  const auto delay = options_.reconnect_delay(attempt_);
  ++attempt_;
  const auto at = std::chrono::steady_clock::now() + delay;
  ui_.post([why, at, attempt = attempt_, server = server_](Store& s) {
    s.connection.phase = Phase::kReconnecting;
    s.connection.server = server;
    s.connection.last_error = why;
    s.connection.retry_at = at;
    s.connection.attempt = attempt;
  });
  retry_timer_.expires_at(at);
  retry_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) post([this] { connect(); });
  });
}

void Connection::reconnect_now() {
  if (online_ || token_.empty()) return;
  retry_timer_.cancel();
  connect();
}

bool Connection::handle_failure(const Status& status) {
  if (status.code() == Code::kUnavailable) {
    if (online_) schedule_retry(in_words(status));
    return true;
  }
  if (status.code() == Code::kUnauthenticated) {
    (void)profile_.forget_session();
    sign_out("Your session has ended; please log in again");
    return true;
  }
  return false;
}

void Connection::drop_stream() {
  ++generation_;
  if (stream_) stream_->close();
  if (stream_watch_.joinable()) stream_watch_.join();
  stream_.reset();
}

void Connection::logout() {
  if (!token_.empty() && online_) {
    AuthClient auth(channel_);
    auth.set_token(token_);
    (void)auth.logout();
  }
  (void)profile_.forget_session();
  sign_out("");
}

void Connection::sign_out(const std::string& why) {
  retry_timer_.cancel();
  drop_stream();
  online_ = false;
  token_.clear();
  cache_.reset();
  {
    std::lock_guard lock(credentials_mu_);
    shared_channel_.reset();
    shared_token_.clear();
  }
  ui_.post([why, server = server_](Store& s) {
    s = Store{};
    s.connection.phase = Phase::kSignedOut;
    s.connection.server = server;
    s.errors.login = why;
  });
}

}  // namespace souk::client
