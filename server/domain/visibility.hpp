#pragma once

// The one rule for what an account may see: a message, a file, a translation, a receipt
// or a live signal such as typing. Every path that reveals content asks here, inside the
// read or the write job it serves, so the answer and the change it guards see the same
// membership. What the rule refuses looks exactly like what does not exist.
#include <climits>
#include <cstdint>
#include <optional>
#include <string>

#include "server/storage/conversation_repository.hpp"
#include "server/storage/sqlite.hpp"

namespace souk::domain::visibility {

// The part of a conversation's timeline an account may read: from its history start (the
// join, in a group whose history starts there) to now, or to the leave for a former member.
struct Window {
  int64_t conversation_id = 0;
  storage::SeqWindow seqs;
  bool group = false;
  bool current = true;  // false: a former member, who keeps what they had and nothing more

  bool covers(int64_t seq) const { return seq > seqs.from_exclusive && seq <= seqs.to_inclusive; }
};

// A current member's window, from where their history starts.
inline Window member_window(int64_t conversation_id, int64_t history_from_seq, bool group) {
  return Window{conversation_id, {history_from_seq, INT64_MAX}, group, true};
}

// Nothing for a conversation the account was never in.
std::optional<Window> readable(storage::Database& db, int64_t account_id, int64_t conversation_id);

// Whether the message at `seq` of the conversation lies in the account's window.
bool may_see_message(storage::Database& db, int64_t account_id, int64_t conversation_id,
                     int64_t seq);

// Whether news about that message (its translation, a receipt for it) may be sent to the
// account now: only to current members whose window holds it. Someone who left hears
// nothing more, not even about what they may still read.
bool may_be_told_of(storage::Database& db, int64_t account_id, int64_t conversation_id,
                    int64_t seq);

// The uploader, or someone who may see a message that carried the file.
bool may_see_file(storage::Database& db, int64_t account_id, const std::string& file_id);

// Whether either account blocked the other: then no live signal (typing, delivered and read
// receipts) passes between them, in either direction, however the conversation is named.
bool blocked_between(storage::Database& db, int64_t a, int64_t b);

// Whether a signal `actor` gives in the conversation (typing, a receipt) may reach
// `account`: a current member with no block between the two. Actors always hear their own.
bool may_receive_signal(storage::Database& db, int64_t account_id, int64_t conversation_id,
                        int64_t actor_id);

// The member ID of the other side of a direct conversation when they blocked `sender_id`;
// nothing when the sender may write there (or it is a group, where blocks do not apply).
std::optional<std::string> blocking_peer(storage::Database& db, int64_t conversation_id,
                                         int64_t sender_id);

// The peer's delivered and read marks in a direct chat may be shown to the account unless a
// block stands between the two: then none are, for a mark moved after the block (even on an
// older message) would tell that the other side is there and reading.
bool may_see_peer_marks(storage::Database& db, int64_t account_id, int64_t peer_id);

}  // namespace souk::domain::visibility
