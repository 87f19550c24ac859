// Groups: the read side (the caller's groups, members with presence, receipts).
#include <algorithm>

#include "server/domain/group_rules.hpp"
#include "server/domain/groups.hpp"
#include "server/domain/visibility.hpp"
#include "server/storage/conversation_repository.hpp"

namespace souk::domain {

using storage::Database;

Result<std::vector<storage::GroupListing>> Groups::list(const Session& who) {
  return readers_.with([&](Database& db) {
    auto groups = storage::groups_of_member(db, who.account_id);
    for (auto& g : groups) {
      g.unread_count = storage::unread_count(db, g.group.id, who.account_id, g.read_seq);
    }
    return groups;
  });
}

Result<std::vector<GroupMemberView>> Groups::members(const Session& who, int64_t group_id) {
  if (auto s = group_rules::validate_group_id(group_id); !s.ok()) return s;
  auto rows = readers_.with([&](Database& db) -> Result<std::vector<storage::GroupMemberRow>> {
    auto me = acting_member(db, group_id, who.account_id);
    if (!me) return me.status();
    return storage::group_members(db, group_id);
  });
  if (!rows) return rows.status();
  std::vector<GroupMemberView> out;
  out.reserve(rows->size());
  for (auto& row : *rows) {
    auto user = readers_.with([&](Database& db) { return storage::find_user(db, row.account_id); });
    PresenceView presence;
    if (user) presence = presence_.visible_to(who.account_id, *user);
    out.push_back({std::move(row), presence});
  }
  return out;
}

Result<ReceiptDetail> Groups::receipts(const Session& who, int64_t group_id, int64_t seq) {
  if (auto s = group_rules::validate_group_id(group_id); !s.ok()) return s;
  if (seq <= 0) return invalid_argument("seq must be positive");
  return readers_.with([&](Database& db) -> Result<ReceiptDetail> {
    auto me = acting_member(db, group_id, who.account_id);
    if (!me) return me.status();
    // Before their history began looks the same as never written.
    if (!visibility::may_see_message(db, who.account_id, group_id, seq)) {
      return not_found("no message #" + std::to_string(seq) + " in this group");
    }
    auto page = storage::message_page(db, group_id, 0, 0, 1, {seq - 1, seq});
    if (page.empty() || page.front().seq != seq || page.front().system.kind != 0) {
      return not_found("no message #" + std::to_string(seq) + " in this group");
    }
    const auto& message = page.front();
    const auto members = storage::group_members(db, group_id);
    ReceiptDetail detail;
    detail.counts = count_receipts(message, members);
    for (const auto& m : members) {
      if (!counts_for(m, message)) continue;
      if (m.delivered_seq >= seq) detail.delivered_to.push_back(m.member_id);
      if (m.read_seq >= seq) detail.read_by.push_back(m.member_id);
    }
    return detail;
  });
}

}  // namespace souk::domain
