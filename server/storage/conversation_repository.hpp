#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/storage/chat_records.hpp"
#include "server/storage/sqlite.hpp"

namespace souk::storage {

enum class ConversationKind : int { kDirect = 1, kGroup = 2 };

struct MemberState {
  int64_t account_id = 0;
  int64_t delivered_seq = 0;
  int64_t read_seq = 0;
};

struct ConversationSummary {
  int64_t id = 0;
  ConversationKind kind = ConversationKind::kDirect;
  int64_t last_seq = 0;
  int64_t last_activity_ms = 0;
  int64_t read_seq = 0;  // the asking member's
  std::string peer_member_id;
  std::string peer_display_name;
  int64_t history_from_seq = 0;  // the asking member's
  std::string group_name;
  int member_count = 0;  // groups only
};

// The part of a conversation's timeline one member may read.
struct SeqWindow {
  int64_t from_exclusive = 0;
  int64_t to_inclusive = INT64_MAX;
};

// The key that makes a direct conversation between two accounts unique, whoever starts it.
std::string direct_key(int64_t a, int64_t b);

std::optional<int64_t> find_direct_conversation(Database& db, int64_t a, int64_t b);
int64_t create_direct_conversation(Database& db, int64_t a, int64_t b, int64_t now_ms);
// Allocates the next per-conversation seq and records the activity time.
int64_t next_conversation_seq(Database& db, int64_t conversation_id, int64_t now_ms);
int64_t conversation_last_seq(Database& db, int64_t conversation_id);

std::vector<MemberState> conversation_members(Database& db, int64_t conversation_id);
std::optional<MemberState> member_state(Database& db, int64_t conversation_id, int64_t account_id);
// A current member's history start (0 outside groups whose history starts at the join).
std::optional<int64_t> member_history_from(Database& db, int64_t conversation_id,
                                           int64_t account_id);
// Raise a watermark; returns whether it moved.
bool raise_delivered_seq(Database& db, int64_t conversation_id, int64_t account_id, int64_t seq);
bool raise_read_seq(Database& db, int64_t conversation_id, int64_t account_id, int64_t seq);

int64_t insert_message(Database& db, const MessageRecord& message);
// Fills the message's conversation_kind and recipient_member_id, which reads return with it
// and a fresh record lacks.
void load_place(Database& db, MessageRecord& message);
std::optional<MessageRecord> find_message_by_client_id(Database& db, int64_t sender_id,
                                                       const std::string& client_msg_id);

// Messages in seq order: the newest `limit` below before_seq (0: none given), or the
// oldest `limit` above after_seq; only inside `window`. The page also ends before its text
// passes `max_bytes` (setting *cut), though never before its first message, which comes
// whatever its size.
std::vector<MessageRecord> message_page(Database& db, int64_t conversation_id, int64_t before_seq,
                                        int64_t after_seq, int limit, SeqWindow window = {},
                                        size_t max_bytes = SIZE_MAX, bool* cut = nullptr);
std::vector<ConversationSummary> conversations_of(Database& db, int64_t account_id);
int64_t unread_count(Database& db, int64_t conversation_id, int64_t account_id, int64_t read_seq);

}  // namespace souk::storage
