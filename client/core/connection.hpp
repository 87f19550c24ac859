#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "client/core/auth_client.hpp"
#include "client/core/channel.hpp"
#include "client/core/chat_client.hpp"
#include "client/core/commands.hpp"
#include "client/core/contact_client.hpp"
#include "client/core/core_options.hpp"
#include "client/core/event_stream.hpp"
#include "client/core/group_client.hpp"
#include "client/core/local_cache.hpp"
#include "client/core/profile.hpp"
#include "client/core/task_thread.hpp"
#include "client/core/translation_client.hpp"
#include "client/core/ui_queue.hpp"

namespace souk::client {

// Called on the UI thread after each event batch reached the store (bots, tests).
using EventListener = std::function<void(const Store&, const v1::SubscribeResponse&)>;

// The client's worker: one thread that owns the gRPC clients, the local cache, the event
// stream and the reconnect timer. It signs in (or resumes a remembered token), keeps the
// event stream open from the last seq it stored, reconnects with backoff, and reports
// everything to the UI thread through the UiQueue. All methods but post() run on the
// worker thread.
class Connection {
 public:
  Connection(CoreOptions options, UiQueue& ui, const EventListener& listener);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Any thread: runs `task` on the worker thread.
  void post(std::function<void()> task);
  // Any thread: runs `call` on the thread for calls that only ask the server and show the
  // answer (search, translations), given the channel and token of the moment (empty while
  // signed out). A slow one (a stuck translation engine, a search under load) then never
  // holds up the event batches and their acks, which the worker handles. `call` must not
  // touch the worker's state; what must follow on the worker, it posts.
  using AsideCall = std::function<void(const std::shared_ptr<grpc::Channel>&, const std::string&)>;
  void aside(AsideCall call);
  // Any thread: handle_failure, on the worker, for a call made on `channel`; nothing if
  // the connection has changed since (a reconnect, another sign-in), so that an old call's
  // failure cannot end the session or the stream that replaced it.
  void handle_failure_later(const Status& status, std::shared_ptr<grpc::Channel> channel);
  UiQueue& ui() { return ui_; }

  void resume_saved();
  void login(const LoginForm& form);
  void register_and_login(const RegisterForm& form);
  void logout();
  void reconnect_now();

  bool online() const { return online_; }
  const std::string& member_id() const { return member_id_; }
  LocalCache* cache() { return cache_.get(); }
  ChatClient& chat() { return *chat_; }
  ContactClient& contacts() { return *contacts_; }
  TranslationClient& translation() { return *translation_; }
  // Any thread (file transfers run on their own): the current channel and token, empty
  // while signed out.
  std::pair<std::shared_ptr<grpc::Channel>, std::string> credentials() const;

  // Errors worth reacting to: UNAVAILABLE drops the connection and retries,
  // UNAUTHENTICATED signs out. True if the status was one of those.
  bool handle_failure(const Status& status);
  void refresh_contacts();
  void refresh_conversations();
  // Translation settings and the languages the server's engine offers.
  void refresh_translation();
  // Fetches the list again if `conversation_id` is not in it yet.
  void learn_conversation(int64_t conversation_id);
  // Sends what waits in the outbox, oldest first, if online.
  void flush_outbox();

  // Group chats (connection_groups.cpp).
  GroupClient& groups() { return *groups_; }
  void refresh_groups();
  // The member list of a group with presence; a group we are no longer in is marked left.
  void refresh_group_members(int64_t conversation_id);

 private:
  void begin(const std::string& server, const std::string& token, bool remembered,
             std::optional<v1::Account> account);
  void connect();
  void open_stream();
  void on_batch(uint64_t generation, const v1::SubscribeResponse& batch);
  void on_stream_end(uint64_t generation, const Status& status);
  void schedule_retry(const std::string& why);
  void drop_stream();
  void sign_out(const std::string& why);
  void post_phase(ConnectionState::Phase phase, const std::string& error);

  CoreOptions options_;
  UiQueue& ui_;
  const EventListener& listener_;
  Profile profile_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer retry_timer_;

  std::string server_;
  std::string token_;
  std::string member_id_;
  std::unique_ptr<LocalCache> cache_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<ChatClient> chat_;
  std::unique_ptr<ContactClient> contacts_;
  std::unique_ptr<TranslationClient> translation_;
  std::unique_ptr<GroupClient> groups_;
  std::unique_ptr<EventStream> stream_;
  mutable std::mutex credentials_mu_;
  std::shared_ptr<grpc::Channel> shared_channel_;  // copies of channel_ and token_ for
  std::string shared_token_;                       // other threads, under credentials_mu_
  std::thread stream_watch_;
  uint64_t generation_ = 0;
  bool online_ = false;
  bool stopping_ = false;  // shutting down: no new attempts, no timers
  int attempt_ = 0;
  // Conversations in the last list fetched; a message elsewhere fetches the list again,
  // so the cache can name the chat when offline.
  std::set<int64_t> known_conversations_;

  // For aside(). Destroyed after the worker stopped: a call in hand when the client closes
  // may still post to the worker's queue, which then never runs it.
  TaskThread aside_;
  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace souk::client
