#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/domain/accounts.hpp"
#include "server/domain/commit_then_publish.hpp"
#include "server/domain/event_hub.hpp"
#include "server/domain/presence.hpp"
#include "server/storage/contact_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"

namespace souk::domain {

struct ContactSettings {
  int max_contact_groups = 50;
  int search_limit = 20;
  size_t search_min_prefix = 3;
};

enum class ContactPolicy : int { kOpen = 1, kApproval = 2 };

struct UserCard {
  storage::UserRow user;
  PresenceView presence;
  bool is_contact = false;
  bool request_pending = false;
};

struct ContactList {
  std::vector<storage::GroupRow> groups;
  std::vector<std::pair<UserCard, int64_t>> contacts;  // with their group id
  std::vector<UserCard> incoming;
  std::vector<UserCard> outgoing;
  std::vector<std::string> blocked;
};

enum class AddOutcome { kAdded = 1, kRequestSent = 2 };

struct GroupEdit {
  enum class Action { kCreate = 1, kRename, kDelete, kMoveGroup, kMoveContact } action;
  int64_t group_id = 0;
  std::string name;
  int position = 0;
  std::string member_id;
};

// The contact list of TradeManager: search by member ID, add (at once, or by request when
// the other side wants approval), groups, blocking. Every change reaches the other side
// and all of the user's own devices through the event log.
class Contacts {
 public:
  Contacts(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock, EventHub& hub,
           Presence& presence, ContactSettings settings);

  Result<std::vector<UserCard>> search(const Session& who, const std::string& query);
  void add(const Session& who, const std::string& member_id, int64_t group_id,
           Reply<std::pair<AddOutcome, UserCard>> reply);
  void answer(const Session& who, const std::string& member_id, bool accept,
              std::function<void(Status)> reply);
  // Removes the contact and withdraws a pending request to them; `request_only` touches
  // nothing but the request.
  void remove(const Session& who, const std::string& member_id, bool request_only,
              std::function<void(Status)> reply);
  void block(const Session& who, const std::string& member_id, bool blocked,
             std::function<void(Status)> reply);
  Result<ContactList> list(const Session& who);
  void edit_group(const Session& who, GroupEdit edit, Reply<storage::GroupRow> reply);
  void set_policy(const Session& who, int policy, std::function<void(Status)> reply);

  static ContactPolicy effective_policy(const storage::UserRow& user);

 private:
  Result<storage::UserRow> other_member(const Session& who, const std::string& member_id);
  UserCard card_for(int64_t viewer, const storage::UserRow& user);
  // Runs `change` in the writer; its events are published after the commit.
  void write(DeliveringChange change, std::function<void(Status)> reply);

  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  EventHub& hub_;
  Presence& presence_;
  ContactSettings settings_;
};

}  // namespace souk::domain
