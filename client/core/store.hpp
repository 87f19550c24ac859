#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/core/chat_key.hpp"
#include "client/core/group_state.hpp"
#include "souk/v1/auth.pb.h"
#include "souk/v1/chat.pb.h"
#include "souk/v1/contacts.pb.h"
#include "souk/v1/files.pb.h"
#include "souk/v1/translation.pb.h"

namespace souk::client {

// Everything a view draws, as plain data. It lives on the UI thread and only the UI thread
// touches it: network and disk work post closures that edit it (see UiQueue), and views
// read it and call Commands. Nothing here blocks.

using SteadyTime = std::chrono::steady_clock::time_point;

struct ConnectionState {
  enum class Phase {
    kStarting,      // looking for a remembered session
    kSignedOut,     // show the login form
    kSigningIn,     // login/register/resume in flight
    kConnected,     // event stream live
    kReconnecting,  // lost the server; retry_at says when we try again
  };
  Phase phase = Phase::kStarting;
  std::string server;
  // Why the last attempt failed, in the user's words (empty when connected).
  std::string last_error;
  SteadyTime retry_at{};
  int attempt = 0;

  bool online() const { return phase == Phase::kConnected; }
  bool signed_in() const { return phase == Phase::kConnected || phase == Phase::kReconnecting; }
  // Whole seconds until the next attempt, at least 0 (views redraw at least once a second
  // while reconnecting).
  int seconds_until_retry(SteadyTime now = std::chrono::steady_clock::now()) const;
  // "Connected · 127.0.0.1:50051", "Reconnecting in 4 s", "Signing in…", "Offline".
  std::string describe(SteadyTime now = std::chrono::steady_clock::now()) const;
};

struct Me {
  std::string member_id;
  std::string display_name;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string shop_name;
  v1::PresenceState presence = v1::PRESENCE_ONLINE;
  std::string status_text;
  bool remembered = false;  // a token is saved for next start
};

// A member as search results, requests and contacts show them.
struct MemberCard {
  std::string member_id;
  std::string display_name;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string shop_name;
  v1::PresenceState presence = v1::PRESENCE_OFFLINE;
  std::string status_text;
  int64_t last_seen_ms = 0;
  bool is_contact = false;
  bool request_pending = false;

  bool is_online() const { return presence != v1::PRESENCE_OFFLINE; }
};

struct ContactGroupEntry {
  int64_t id = 0;
  std::string name;
  bool is_default = false;
  std::vector<std::string> members;  // member IDs, by display name
};

struct ContactBook {
  bool loaded = false;
  std::vector<ContactGroupEntry> groups;    // display order
  std::map<std::string, MemberCard> cards;  // every contact, by member ID
  std::vector<MemberCard> incoming_requests;
  std::vector<MemberCard> outgoing_requests;
  std::vector<std::string> blocked;

  const MemberCard* find(const std::string& member_id) const;
  int online_in(const ContactGroupEntry& group) const;
};

// A message's text in the reader's language: pushed by the server when automatic
// translation is on, or asked for with the Translate action.
struct MessageTranslation {
  v1::TranslationState state = v1::TRANSLATION_STATE_UNSPECIFIED;  // unspecified: in flight
  std::string source_lang;
  std::string target_lang;
  std::string text;
  std::string error;  // FAILED / UNSUPPORTED, in people's words
};

struct ChatMessage {
  int64_t seq = 0;  // 0 while still in the outbox
  int64_t id = 0;
  std::string sender;  // member ID
  std::string client_msg_id;
  std::string text;
  std::string lang;
  std::optional<v1::MessageContext> context;  // product/order card
  int64_t time_ms = 0;                        // server time; local time while pending
  bool outgoing = false;
  bool pending = false;  // in the outbox: "not yet sent"
  std::string failed;    // the server refused it for good, and why
  std::vector<v1::Attachment> attachments;
  std::optional<MessageTranslation> translation;
  bool system = false;  // a change to a group ("Anna added Li Wei"), not something said
  // The change itself: its line names people as the store learns who they are.
  v1::GroupSystemEvent change;
};

enum class MessageState { kNotSent, kFailed, kSent, kDelivered, kRead, kIncoming };

struct Chat {
  ChatKey id;
  int64_t conversation_id = 0;  // 0 until the server has one
  bool group = false;
  std::string peer;   // direct chats: the other member's ID
  std::string title;  // display name (or member ID until known)
  // In seq order; pending outbox entries at the end. Random access for virtual lists.
  std::deque<ChatMessage> messages;
  bool history_loaded = false;  // the newest page was asked for
  bool has_older = true;
  bool loading_older = false;
  int64_t unread = 0;
  int64_t last_activity_ms = 0;
  int64_t last_seq = 0;  // newest seq known, so replayed messages are not counted twice
  int64_t peer_delivered_seq = 0;
  int64_t peer_read_seq = 0;
  std::map<std::string, SteadyTime> typing_until;  // who is typing, until when
  // "Chat now" from a product or order page: shown as a card, sent with the next message.
  std::optional<v1::MessageContext> product;
  std::string error;  // the last failure in this chat, shown inline

  MessageState state_of(const ChatMessage& m) const;
  std::vector<std::string> typing(SteadyTime now = std::chrono::steady_clock::now()) const;
  const ChatMessage* last_message() const;
};

// A message on one line for lists of chats: the start of its text; for files alone
// "[Photo] pic.png" or "[File] price list.pdf", "+N" for more. Cut at a UTF-8 boundary to
// at most `max_bytes` (plus "…").
std::string message_preview(const ChatMessage& m, size_t max_bytes = 60);

struct SearchState {
  std::string query;
  bool in_flight = false;
  std::vector<MemberCard> results;
  std::string error;
  // After Add: "Added Li Wei" or "Request sent to Li Wei".
  std::string add_outcome;
  std::string add_error;
};

// The user's translation settings as the server keeps them, and what the engine offers.
struct TranslationPrefs {
  bool loaded = false;
  v1::TranslationSettings settings;
  std::vector<std::string> targets;    // languages messages can be translated into
  std::vector<std::string> languages;  // every language the engine knows
  bool saving = false;
  std::string outcome;  // "Saved" or why not, under the Apply button
};

// A draft sent to the engine before it is sent to the chat.
struct DraftTranslation {
  uint64_t request = 0;  // matches the composer's request; a newer one wins
  bool in_flight = false;
  std::string text;
  std::string error;
};

// A file on its way to or from the server.
struct Transfer {
  enum class State { kQueued, kHashing, kRunning, kPaused, kFailed, kDone };
  int64_t id = 0;
  ChatKey chat;
  bool upload = true;
  std::string name;
  std::string path;  // the local file
  int64_t done = 0;
  int64_t total = 0;
  State state = State::kQueued;
  std::string error;
  SteadyTime finished_at{};  // when it reached kDone

  bool active() const {
    return state == State::kQueued || state == State::kHashing || state == State::kRunning;
  }
  float fraction() const {
    return total > 0 ? static_cast<float>(done) / static_cast<float>(total) : 0.0f;
  }
};

// A photo decoded off the UI thread, waiting to become a texture.
struct Picture {
  enum class State { kLoading, kReady, kFailed };
  State state = State::kLoading;
  int width = 0, height = 0;
  std::vector<unsigned char> rgba;  // emptied once the UI made a texture of it
  std::string error;
};

// What failed, where the user will look for it.
// Settings → Account: this member's sessions and the change-password form.
struct AccountSessions {
  bool loading = false;
  bool loaded = false;
  std::vector<v1::SessionInfo> list;  // newest first; `current` marks this device's
  std::string error;                  // why the list could not be loaded or a session ended
  bool changing_password = false;
  std::string password_error;     // under the form, in the user's words
  std::string password_outcome;   // "Password changed; …" after a change
  uint64_t password_changes = 0;  // bumped by each change, so the form clears its fields
};

struct InlineErrors {
  std::string login;     // under the login form
  std::string contacts;  // contact list actions (move, remove, block, groups)
  std::string presence;  // own presence selector
  std::string general;   // anything else (e.g. the local cache)
};

struct Store {
  ConnectionState connection;
  Me me;
  ContactBook contacts;
  std::map<ChatKey, Chat> chats;
  // The chat to bring to front (a deep link, or a conversation the user just opened).
  ChatKey focus;
  // Counts the times a chat was opened: opening the chat that is already `focus` again
  // (after the user picked another tab) must bring it to front too.
  uint64_t focus_requests = 0;
  SearchState search;
  InlineErrors errors;
  AccountSessions account;
  // Per-account settings, persisted in the local cache (e.g. "translation.language").
  std::map<std::string, std::string> settings;
  TranslationPrefs translation;
  std::map<ChatKey, DraftTranslation> draft_translations;
  std::map<int64_t, Transfer> transfers;  // by id, in the order they were started
  // Photos by file id; "<file id>/full" for the large view.
  std::map<std::string, Picture> pictures;
  // Bumped by every change, so a view can cache derived data.
  uint64_t version = 0;
  GroupBook groups;

  // Whether the presence in the store is live. During an outage it is only the last thing
  // heard, so no dot may look online; on reconnect the contact list (with everyone's
  // presence) is fetched again before the connection counts as back.
  bool presence_live() const { return connection.online(); }

  const Chat* chat(const ChatKey& id) const;
  Chat* chat(const ChatKey& id);
  Chat* chat_by_conversation(int64_t conversation_id);
  // Most recent activity first.
  std::vector<const Chat*> recent() const;
  int64_t total_unread() const;
  int64_t unread_from(const std::string& member_id) const;
  ChatMessage* message(int64_t conversation_id, int64_t message_id);
};

}  // namespace souk::client
