#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/storage/translation_records.hpp"

namespace souk::storage {

struct MessageContextRecord {
  int kind = 0;  // souk.v1.MessageContext.Kind
  std::string id;
  std::string title;
  std::string url;
};

// A group's timeline entry that records a change (souk.v1.GroupSystemEvent).
struct SystemRecord {
  int kind = 0;  // 0: an ordinary message
  std::string member_id;
  std::string name;
};

// A stored file as messages carry it. The bytes live in the blob named by sha256.
struct FileRecord {
  std::string id;
  int64_t owner_id = 0;
  std::string owner_member_id;
  std::string name;
  int64_t size = 0;
  std::string mime_type;
  std::string sha256;  // 32 raw bytes
  int width = 0;       // photos only
  int height = 0;
  int64_t created_at_ms = 0;
};

struct MessageRecord {
  int64_t id = 0;
  int64_t conversation_id = 0;
  int64_t seq = 0;
  int64_t sender_id = 0;
  std::string sender_member_id;
  std::string client_msg_id;
  std::string text;
  std::string lang;
  MessageContextRecord context;
  int64_t created_at_ms = 0;
  SystemRecord system;
  std::vector<FileRecord> attachments;
  // Where it was said, read with it (never stored twice): the conversation's kind
  // (ConversationKind: 1 direct, 2 group) and, in a direct chat, the member it went to.
  int conversation_kind = 0;
  std::string recipient_member_id;
};

// Stored kinds keep their numbers forever; ephemeral kinds are never written.
enum class EventKind : int {
  kMessage = 1,
  kDelivered = 2,                // receipt: actor received everything up to `value`
  kRead = 3,                     // receipt: actor read everything up to `value`
  kContactRequestReceived = 10,  // actor asks to add the log's owner
  kContactRequestAccepted = 11,  // actor accepted the owner's request
  kContactRequestDeclined = 12,
  kContactAddedYou = 13,      // actor added the owner (open policy)
  kContactsChanged = 14,      // the owner's list or groups changed
  kMessageTranslated = 40,    // value = message_translations.id
  kTranslationSettings = 41,  // ephemeral: the owner's settings changed on some device
  kTyping = 100,              // ephemeral
  kResyncRequired = 101,      // ephemeral: the log was trimmed before since_seq
  kPresence = 102,            // ephemeral: actor's presence, value = state
};

// One entry of a user's event log. Messages are shared, not copied, between the logs of
// all members and the live streams of all their devices.
struct EventRecord {
  int64_t seq = 0;  // 0 for ephemeral events
  EventKind kind = EventKind::kMessage;
  int64_t conversation_id = 0;
  std::shared_ptr<const MessageRecord> message;
  int64_t actor_id = 0;
  std::string actor_member_id;
  int64_t value = 0;  // receipts: up_to_seq; typing: 1 or 0; resync: oldest seq
  int64_t created_at_ms = 0;
  std::string text;                                      // presence: status text
  int64_t extra = 0;                                     // presence: last seen
  std::shared_ptr<const TranslationRecord> translation;  // kMessageTranslated
  std::shared_ptr<const TranslationSettingsRecord> translation_settings;
};

}  // namespace souk::storage
