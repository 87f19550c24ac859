#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "server/storage/chat_records.hpp"
#include "server/storage/sqlite.hpp"

namespace souk::storage {

// Appends to one user's log and returns the event's seq (one past the previous).
int64_t append_event(Database& db, int64_t account_id, const EventRecord& event);

// Up to `limit` events after `after_seq`, in seq order, with their messages, and no more
// than `max_bytes` of message and translation text, except that the first event always
// comes whatever its size (so that a large one is never stuck).
std::vector<EventRecord> read_events(Database& db, int64_t account_id, int64_t after_seq, int limit,
                                     size_t max_bytes = SIZE_MAX);
// The lowest seq still in the log (retention trims from the bottom); 0 when empty.
int64_t oldest_event_seq(Database& db, int64_t account_id);
int64_t last_event_seq(Database& db, int64_t account_id);

struct AckedRange {
  int64_t from_exclusive = 0;
  int64_t to_inclusive = 0;
};
// Moves the user's acked_seq forward (never back, never past the log). Returns the newly
// acknowledged range, empty when nothing moved.
AckedRange advance_acked_seq(Database& db, int64_t account_id, int64_t ack_seq);

struct ConversationHigh {
  int64_t conversation_id = 0;
  int64_t max_message_seq = 0;
};
// For each conversation, the highest message seq from someone else among the user's
// events in (from, to].
std::vector<ConversationHigh> received_in_range(Database& db, int64_t account_id, AckedRange range);

// Retention. Events go from the oldest end of each log up to the first one at or after
// the cutoff; messages below the first row id at or after it (ids grow with time, so a
// clock stepped back keeps some old rows a little longer, never drops a new one).
int delete_events_before(Database& db, int64_t cutoff_ms);
int delete_messages_before(Database& db, int64_t cutoff_ms);
// The lowest message id that retention with this cutoff keeps.
int64_t first_message_kept(Database& db, int64_t cutoff_ms);

}  // namespace souk::storage
