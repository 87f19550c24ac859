#include "server/domain/visibility.hpp"

#include "server/storage/contact_repository.hpp"
#include "server/storage/file_repository.hpp"
#include "server/storage/group_repository.hpp"

namespace souk::domain::visibility {

using storage::Database;

std::optional<Window> readable(Database& db, int64_t account_id, int64_t conversation_id) {
  if (auto from = storage::member_history_from(db, conversation_id, account_id)) {
    const bool group = storage::find_group(db, conversation_id).has_value();
    return member_window(conversation_id, *from, group);
  }
  // Only groups have departures: a direct chat has no way out.
  if (auto gone = storage::find_departure(db, conversation_id, account_id)) {
    return Window{conversation_id, {gone->history_from_seq, gone->left_seq}, true, false};
  }
  return std::nullopt;
}

bool may_see_message(Database& db, int64_t account_id, int64_t conversation_id, int64_t seq) {
  const auto window = readable(db, account_id, conversation_id);
  return window && window->covers(seq);
}

bool may_be_told_of(Database& db, int64_t account_id, int64_t conversation_id, int64_t seq) {
  const auto window = readable(db, account_id, conversation_id);
  return window && window->current && window->covers(seq);
}

bool may_see_file(Database& db, int64_t account_id, const std::string& file_id) {
  const auto owner = storage::file_owner(db, file_id);
  if (!owner) return false;
  if (*owner == account_id) return true;
  for (const auto& place : storage::places_of_file(db, file_id, account_id)) {
    if (may_see_message(db, account_id, place.conversation_id, place.seq)) return true;
  }
  return false;
}

bool blocked_between(Database& db, int64_t a, int64_t b) {
  return storage::is_blocked(db, a, b) || storage::is_blocked(db, b, a);
}

bool may_receive_signal(Database& db, int64_t account_id, int64_t conversation_id,
                        int64_t actor_id) {
  if (account_id == actor_id) return true;
  if (!storage::member_history_from(db, conversation_id, account_id)) return false;
  return !blocked_between(db, account_id, actor_id);
}

std::optional<std::string> blocking_peer(Database& db, int64_t conversation_id, int64_t sender_id) {
  if (storage::find_group(db, conversation_id)) return std::nullopt;
  for (const auto& member : storage::conversation_members(db, conversation_id)) {
    if (member.account_id == sender_id) continue;
    if (!storage::is_blocked(db, member.account_id, sender_id)) return std::nullopt;
    auto user = storage::find_user(db, member.account_id);
    return user ? user->member_id : std::string();
  }
  return std::nullopt;
}

bool may_see_peer_marks(Database& db, int64_t account_id, int64_t peer_id) {
  return !blocked_between(db, account_id, peer_id);
}

}  // namespace souk::domain::visibility
