#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "client/core/store.hpp"
#include "souk/v1/auth.pb.h"
#include "souk/v1/chat.pb.h"
#include "souk/v1/contacts.pb.h"

namespace souk::client {

class Connection;

// What a command says when it needs the server and Souk is not connected.
inline constexpr const char* kOfflineWords = "You are offline; try again when Souk is connected";

struct LoginForm {
  std::string server = "127.0.0.1:50051";
  std::string member_id;
  std::string password;
  // Keep a session token (never the password) so the next start signs in by itself.
  bool remember = true;
};

struct RegisterForm {
  LoginForm login;
  std::string display_name;
  v1::Role role = v1::ROLE_BUYER;
  std::string shop_name;  // sellers only
};

// What views ask for. Every method returns at once (UI thread); the work runs on the
// client's worker thread and its result or error comes back through the Store (errors in
// Store::errors, Store::search or Chat::error, in the user's words). Some edits show at
// once (a sent message appears as "not yet sent", a read chat drops its badge).
class Commands {
 public:
  Commands(Store& store, Connection& connection) : store_(store), connection_(connection) {}

  // Account. Errors: Store::errors.login.
  void login(const LoginForm& form);
  void register_account(const RegisterForm& form);
  void logout();  // forgets the remembered token; the local cache stays

  // Sessions and password (commands_sessions.cpp): results and errors in Store::account.
  void load_sessions();
  void end_session(const std::string& session_id);
  void end_other_sessions();
  // Ends every other session; this one stays.
  void change_password(const std::string& current, const std::string& next);
  void reconnect_now();

  // Contacts. Results in Store::search; other errors in Store::errors.contacts.
  void search(const std::string& query);
  void add_contact(const std::string& member_id, int64_t group_id = 0);
  void answer_request(const std::string& member_id, bool accept);
  void remove_contact(const std::string& member_id);
  // Withdraws a request this user sent that still waits for an answer.
  void cancel_request(const std::string& member_id);
  void block(const std::string& member_id, bool blocked = true);
  void move_contact(const std::string& member_id, int64_t group_id);
  void create_contact_group(const std::string& name);
  void rename_contact_group(int64_t group_id, const std::string& name);
  void delete_contact_group(int64_t group_id);

  // Own presence: online, busy, away or invisible. Errors: Store::errors.presence.
  void set_presence(v1::PresenceState state, const std::string& status_text);
  // "The user is at the keyboard" (keeps online from turning into away); throttled here.
  void report_activity();

  // Chats. open_chat makes the chat exist in the store, focuses it and loads its newest
  // page (from the local cache first, then the server). A product or order context is
  // shown as a card and sent with the next message.
  ChatKey open_chat(const std::string& peer_member_id,
                    std::optional<v1::MessageContext> context = std::nullopt);
  void open_chat_by_id(const ChatKey& chat);
  // The next page before the oldest loaded message; Chat::loading_older while in flight.
  void load_older(const ChatKey& chat);
  // Any length. Queued in the persistent outbox, sent as soon as the server is reachable,
  // exactly once. Returns the client_msg_id.
  std::string send_text(const ChatKey& chat, const std::string& text);
  // The same, with files already uploaded (Transfers calls this when an upload is done).
  std::string send_message(const ChatKey& chat, const std::string& text,
                           std::vector<v1::Attachment> attachments);
  void mark_read(const ChatKey& chat);
  // Call on every keystroke with typing=true (throttled here) and with false on send/clear.
  void set_typing(const ChatKey& chat, bool typing);

  // Translation. Settings: Store::translation (outcome says "Saved" or why not).
  void save_translation_settings(bool auto_translate, const std::string& target_lang,
                                 const std::string& write_in);
  // The message in the user's language (their target, else English): ChatMessage::translation.
  void translate_message(const ChatKey& chat, int64_t message_id);
  // A draft into `to` before it is sent: Store::draft_translations[chat]. Returns the
  // request number the result will carry.
  uint64_t translate_draft(const ChatKey& chat, const std::string& text, const std::string& to);

  // Something the user tried that cannot be done, shown in the status bar.
  void report_error(const std::string& why) { store_.errors.general = why; }

  // Per-account settings, kept in the local cache.
  void set_setting(const std::string& key, const std::string& value);

  // Group chats (commands_groups.cpp). A new group opens as a chat tab. Refusals show in
  // Store::groups.create_error, or in the group's GroupInfo::error, in the user's words.
  void create_group(const std::string& name, const std::vector<std::string>& member_ids);
  // Members with roles and presence, into the group's GroupInfo.
  void load_members(const ChatKey& chat);
  // Owner and admins.
  void add_members(const ChatKey& chat, const std::vector<std::string>& member_ids);
  void remove_member(const ChatKey& chat, const std::string& member_id);
  void leave_group(const ChatKey& chat);

 private:
  void load_page(const ChatKey& chat, int64_t before_seq);
  Store& store_;
  Connection& connection_;
  std::map<ChatKey, std::chrono::steady_clock::time_point> typing_sent_;
  std::chrono::steady_clock::time_point activity_sent_{};
  uint64_t draft_requests_ = 0;
};

}  // namespace souk::client
