#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/core/chat_key.hpp"
#include "common/sqlite.hpp"
#include "common/status.hpp"
#include "souk/v1/auth.pb.h"
#include "souk/v1/chat.pb.h"
#include "souk/v1/contacts.pb.h"

namespace souk::client {

// A message the user wrote that the server has not confirmed yet. It is written here
// before the first attempt and removed only after the server answered, so a crash at any
// point resends it with the same client_msg_id (the server then returns the first copy).
struct OutboxEntry {
  std::string client_msg_id;
  ChatKey chat;  // kept as its name()
  std::string text;
  std::optional<v1::MessageContext> context;
  int64_t created_ms = 0;
  std::string failed;                       // set when the server refused it for good
  std::vector<v1::Attachment> attachments;  // already uploaded; sent by file id
};

// One SQLite database per account (and server): history, the event cursor, the outbox,
// the last known contacts and conversations, and settings. Lets the client open straight
// onto history while offline. Used by one thread only (the client's worker).
class LocalCache {
 public:
  // $XDG_DATA_HOME/souk, else ~/.local/share/souk.
  static std::filesystem::path default_dir();
  static std::filesystem::path file_for(const std::filesystem::path& dir, const std::string& server,
                                        const std::string& member_id);
  // Creates the file and its schema if needed.
  static Result<std::unique_ptr<LocalCache>> open(const std::filesystem::path& file);

  explicit LocalCache(sqlite::Database db) : db_(std::move(db)) {}

  // The event stream: messages and receipt watermarks of a batch, then the cursor, in one
  // transaction (a crash never moves the cursor past what was stored).
  void save_batch(const v1::SubscribeResponse& batch, const std::string& me);
  int64_t last_seq();

  void save_messages(const std::vector<v1::Message>& messages);
  // Keeps a translation with its message, so history opened offline shows it too.
  void save_translation(const v1::MessageTranslated& translated);
  // Up to `limit` messages before `before_seq` (0: the newest), in seq order.
  std::vector<v1::Message> page(int64_t conversation_id, int64_t before_seq, int limit);
  // Peer delivered/read watermarks of a conversation.
  std::pair<int64_t, int64_t> marks(int64_t conversation_id);
  void save_marks(int64_t conversation_id, int64_t delivered, int64_t read);

  // Snapshots of the last lists the server gave, for the offline view.
  void save_account(const v1::Account& account);
  std::optional<v1::Account> account();
  void save_contacts(const v1::ListContactsResponse& contacts);
  std::optional<v1::ListContactsResponse> contacts();
  void save_conversations(const v1::ListConversationsResponse& conversations);
  std::optional<v1::ListConversationsResponse> conversations();

  std::map<std::string, std::string> settings();
  void set_setting(const std::string& key, const std::string& value);

  void add_to_outbox(const OutboxEntry& entry);
  std::vector<OutboxEntry> outbox();  // oldest first
  void remove_from_outbox(const std::string& client_msg_id);
  void mark_failed(const std::string& client_msg_id, const std::string& why);

 private:
  void put_blob(const std::string& key, const std::string& value);
  std::optional<std::string> get_blob(const std::string& key);
  sqlite::Database db_;
};

}  // namespace souk::client
