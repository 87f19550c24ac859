#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/domain/accounts.hpp"
#include "server/domain/commit_then_publish.hpp"
#include "server/domain/event_hub.hpp"
#include "server/domain/group_receipts.hpp"
#include "server/domain/messaging.hpp"
#include "server/domain/presence.hpp"
#include "server/storage/group_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"

namespace souk::domain {

struct GroupSettings {
  int max_group_members = 500;  // the owner included
};

struct GroupMemberView {
  storage::GroupMemberRow row;
  PresenceView presence;
};

struct ReceiptDetail {
  ReceiptCounts counts;
  std::vector<std::string> delivered_to;
  std::vector<std::string> read_by;
};

// Group chats: who is in them, with which role, and the timeline entries that record each
// change. Messages themselves go through Messaging, which fans them out to the members'
// event logs. Every change is one writer job: it is checked and applied whole, or not at all.
class Groups {
 public:
  Groups(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock, EventHub& hub,
         Presence& presence, Messaging& messaging, GroupSettings settings);

  void create(const Session& who, std::string name, std::vector<std::string> member_ids,
              int history_visibility, Reply<storage::GroupListing> reply);
  void add_members(const Session& who, int64_t group_id, std::vector<std::string> member_ids,
                   Reply<storage::GroupListing> reply);
  void remove_member(const Session& who, int64_t group_id, std::string member_id,
                     std::function<void(Status)> reply);
  void leave(const Session& who, int64_t group_id, std::function<void(Status)> reply);
  void rename(const Session& who, int64_t group_id, std::string name,
              Reply<storage::GroupListing> reply);
  void set_admin(const Session& who, int64_t group_id, std::string member_id, bool admin,
                 std::function<void(Status)> reply);
  void transfer_ownership(const Session& who, int64_t group_id, std::string member_id,
                          std::function<void(Status)> reply);
  void set_history_visibility(const Session& who, int64_t group_id, int visibility,
                              std::function<void(Status)> reply);

  Result<std::vector<storage::GroupListing>> list(const Session& who);
  Result<std::vector<GroupMemberView>> members(const Session& who, int64_t group_id);
  Result<ReceiptDetail> receipts(const Session& who, int64_t group_id, int64_t seq);

 private:
  // Runs `change` in the writer; its events are published after the commit.
  void write(DeliveringChange change, std::function<void(Status)> reply);
  // Same, for changes that answer with the group as the caller now sees it.
  void write_listing(const Session& who, int64_t group_id, DeliveringChange change,
                     Reply<storage::GroupListing> reply);
  // The members the caller may add: all found, none blocking them, each a contact of theirs
  // or open to anyone; repeats and the caller dropped.
  Result<std::vector<storage::UserRow>> invitees(storage::Database& db, const Session& who,
                                                 const std::vector<std::string>& member_ids);
  // Puts a change into the group's timeline and the logs of everyone now in it. seq 0
  // allocates the next one.
  int64_t record(storage::Database& db, int64_t group_id, const Session& actor,
                 storage::SystemRecord change, EventHub::Delivery& out, int64_t seq = 0);
  // Takes `member` out of the group, keeping the timeline they saw up to `left_seq`.
  void drop_member(storage::Database& db, int64_t group_id, const storage::GroupMemberRow& member,
                   int64_t left_seq);

  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  EventHub& hub_;
  Presence& presence_;
  Messaging& messaging_;
  GroupSettings settings_;
};

// The caller's membership, or NOT_FOUND for a stranger (never revealing that the group
// exists) and PERMISSION_DENIED for someone who left or was removed.
Result<storage::GroupMemberRow> acting_member(storage::Database& db, int64_t group_id,
                                              int64_t account_id);
std::optional<storage::GroupListing> listing_for(storage::Database& db, int64_t group_id,
                                                 int64_t account_id);

}  // namespace souk::domain
