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
  auto readable = readable_conversation(who, target);
  if (!readable) return readable.status();
  const int64_t conversation = readable->conversation_id;
  return readers_.with([&](Database& db) {
    HistoryPage page;
    page.conversation_id = conversation;
    // One extra row tells whether there is more beyond this page. A page cut short by its
    // bytes has more by definition, and the client goes on from its last message as usual.
    bool cut = false;
    page.messages = storage::message_page(db, conversation, before_seq, after_seq, limit + 1,
                                          readable->seqs, settings_.max_page_bytes, &cut);
    if (cut) {
      page.has_more = true;
    } else if (static_cast<int>(page.messages.size()) > limit) {
      page.has_more = true;
      if (after_seq > 0) {
        page.messages.pop_back();
      } else {
        page.messages.erase(page.messages.begin());
      }
    }
    // Receipts are news from after the message: someone who left the group gets none.
    if (!readable->current) return page;
    if (readable->group) {
      const auto members = storage::group_members(db, conversation);
      for (const auto& m : page.messages) {
        if (m.system.kind == 0) page.receipts.push_back(count_receipts(m, members));
      }
    }
    // With several others (groups), the watermark every one of them has passed.
    int64_t delivered = INT64_MAX;
    int64_t read = INT64_MAX;
    for (const auto& member : storage::conversation_members(db, conversation)) {
      if (member.account_id == who.account_id) continue;
      if (!readable->group &&
          !visibility::may_see_peer_marks(db, who.account_id, member.account_id)) {
        delivered = read = 0;
        continue;
      }
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
    // Last messages fill the list up to max_page_bytes, most recent activity first; past
    // that a conversation comes without one (its history has it), so that a list of many
    // chats, each ending in a huge message, cannot add up. The first always has its own.
    size_t bytes = 0;
    for (const auto& c : storage::conversations_of(db, who.account_id)) {
      ConversationInfo info;
      info.id = c.id;
      info.kind = static_cast<int>(c.kind);
      info.peer_member_id = c.peer_member_id;
      info.peer_display_name = c.peer_display_name;
      info.group_name = c.group_name;
      info.member_count = c.member_count;
      const auto window = visibility::member_window(c.id, c.history_from_seq,
                                                    c.kind == storage::ConversationKind::kGroup);
      auto last = storage::message_page(db, c.id, 0, 0, 1, window.seqs);
      if (!last.empty() &&
          (out.empty() || bytes + last.front().text.size() <= settings_.max_page_bytes)) {
        bytes += last.front().text.size();
        info.last_message = std::move(last.front());
      }
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

Result<visibility::Window> Messaging::readable_conversation(const Session& who,
                                                            const ConversationTarget& target) {
  int64_t id = target.conversation_id;
  if (id <= 0) {
    auto member = resolve_member_conversation(who, target);
    if (!member) return member.status();
    id = *member;
  }
  auto window =
      readers_.with([&](Database& db) { return visibility::readable(db, who.account_id, id); });
  if (!window) return not_found("no such conversation");
  return *window;
}

}  // namespace souk::domain
