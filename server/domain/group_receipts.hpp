#pragma once

#include <cstdint>
#include <vector>

#include "server/storage/chat_records.hpp"
#include "server/storage/group_repository.hpp"

namespace souk::domain {

// "Delivered to 4 of 5, read by 3": counted over the members who were in the group when the
// message was sent and still are, its sender left out.
struct ReceiptCounts {
  int64_t seq = 0;
  int member_count = 0;
  int delivered = 0;
  int read = 0;
};

inline bool counts_for(const storage::GroupMemberRow& member, const storage::MessageRecord& m) {
  return member.account_id != m.sender_id && member.joined_seq < m.seq;
}

inline ReceiptCounts count_receipts(const storage::MessageRecord& m,
                                    const std::vector<storage::GroupMemberRow>& members) {
  ReceiptCounts c{m.seq, 0, 0, 0};
  for (const auto& member : members) {
    if (!counts_for(member, m)) continue;
    ++c.member_count;
    if (member.delivered_seq >= m.seq) ++c.delivered;
    if (member.read_seq >= m.seq) ++c.read;
  }
  return c;
}

}  // namespace souk::domain
