// The read side of Messaging: history pages and the conversation list.
#include <algorithm>
#include <cstdint>

#include "server/domain/messaging.hpp"
#include "server/storage/conversation_repository.hpp"
#include "server/storage/group_repository.hpp"

namespace souk::domain {

using storage::Database;

Result<HistoryPage> Messaging::history(const Session& who, const ConversationTarget& target,
                                       int64_t before_seq, int64_t after_seq, int limit) {
  if (before_seq < 0 || after_seq < 0) return invalid_argument("seqs must not be negative");
  if (before_seq > 0 && after_seq > 0) {
    return invalid_argument("give before_seq or after_seq, not both");
  }
  if (limit < 0 || limit > settings_.history_page_max) {
    return invalid_argument("limit must be between 1 and " +
                            std::to_string(settings_.history_page_max));
  }
  if (limit == 0) limit = settings_.history_page_default;
  auto readable = resolve_readable(who, target);
  if (!readable) return readable.status();
  const int64_t conversation = readable->conversation_id;
  return readers_.with([&](Database& db) {
    HistoryPage page;
    page.conversation_id = conversation;
    // One extra row tells whether there is more beyond this page.
    page.messages =
        storage::message_page(db, conversation, before_seq, after_seq, limit + 1, readable->window);
    if (static_cast<int>(page.messages.size()) > limit) {
      page.has_more = true;
      if (after_seq > 0) {
        page.messages.pop_back();
      } else {
        page.messages.erase(page.messages.begin());
      }
    }
    // With several others (groups), the watermark every one of them has passed.
    int64_t delivered = INT64_MAX;
    int64_t read = INT64_MAX;
    if (readable->group) {
      const auto members = storage::group_members(db, conversation);
      for (const auto& m : page.messages) {
        if (m.system.kind == 0) page.receipts.push_back(count_receipts(m, members));
      }
    }
    for (const auto& member : storage::conversation_members(db, conversation)) {
      if (member.account_id == who.account_id) continue;
      delivered = std::min(delivered, member.delivered_seq);
      read = std::min(read, member.read_seq);
    }
    page.peer_delivered_seq = delivered == INT64_MAX ? 0 : delivered;
    page.peer_read_seq = read == INT64_MAX ? 0 : read;
    return page;
  });
}

Result<std::vector<ConversationInfo>> Messaging::conversations(const Session& who) {
  return readers_.with([&](Database& db) {
    std::vector<ConversationInfo> out;
    for (const auto& c : storage::conversations_of(db, who.account_id)) {
      ConversationInfo info;
      info.id = c.id;
      info.kind = static_cast<int>(c.kind);
      info.peer_member_id = c.peer_member_id;
      info.peer_display_name = c.peer_display_name;
      info.group_name = c.group_name;
      info.member_count = c.member_count;
      auto last = storage::message_page(db, c.id, 0, 0, 1, {c.history_from_seq, INT64_MAX});
      if (!last.empty()) info.last_message = std::move(last.front());
      info.unread_count = storage::unread_count(db, c.id, who.account_id, c.read_seq);
      info.read_seq = c.read_seq;
      info.last_seq = c.last_seq;
      out.push_back(std::move(info));
    }
    return out;
  });
}

}  // namespace souk::domain

namespace souk::domain {

Result<Messaging::Readable> Messaging::resolve_readable(const Session& who,
                                                        const ConversationTarget& target) {
  if (target.conversation_id > 0) {
    return readers_.with([&](Database& db) -> Result<Readable> {
      const int64_t id = target.conversation_id;
      const bool group = storage::find_group(db, id).has_value();
      if (auto me = storage::member_state(db, id, who.account_id)) {
        if (!group) return Readable{id, {}, false};
        auto row = storage::group_member(db, id, who.account_id);
        return Readable{id, {row ? row->history_from_seq : 0, INT64_MAX}, true};
      }
      // A former member keeps what they had, and nothing after they went.
      if (auto gone = storage::find_departure(db, id, who.account_id)) {
        return Readable{id, {gone->history_from_seq, gone->left_seq}, true};
      }
      return not_found("no such conversation");
    });
  }
  auto id = resolve_member_conversation(who, target);
  if (!id) return id.status();
  return Readable{*id, {}, false};
}

}  // namespace souk::domain
