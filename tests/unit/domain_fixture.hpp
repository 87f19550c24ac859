#pragma once

// Messaging, group chats and contacts wired as soukd wires them, over a real SQLite file in
// a temporary directory and a manual clock, without gRPC: the domain's rules on explicit
// inputs, beside the tests that drive a real soukd.
#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "server/domain/contacts.hpp"
#include "server/domain/event_hub.hpp"
#include "server/domain/groups.hpp"
#include "server/domain/messaging.hpp"
#include "server/domain/presence.hpp"
#include "server/storage/account_repository.hpp"
#include "server/storage/event_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk::domain {

class DomainTest : public ::testing::Test {
 protected:
  ~DomainTest() override {
    // Work on the pool submits to the writer, so the pool drains first.
    presence_.stop();
    pool_.join();
    writer_.stop();
  }

  // A member stored as registration stores one (the password plays no part here).
  Session account(const std::string& member_id, bool seller = false) {
    storage::AccountRecord record;
    record.member_id = member_id;
    record.display_name = member_id;
    record.role = seller ? 2 : 1;
    record.shop_name = seller ? member_id + " shop" : "";
    record.password_hash = "not used";
    record.created_at_ms = clock_.now_ms();
    auto id = std::make_shared<int64_t>(0);
    const Status stored = writer_
                              .submit([record, id](storage::Database& db) -> Status {
                                auto inserted = storage::insert_account(db, record);
                                if (!inserted) return already_exists(record.member_id);
                                *id = *inserted;
                                return Status::Ok();
                              })
                              .get();
    if (!stored.ok()) throw std::runtime_error(stored.message());
    Session s;
    s.account_id = *id;
    s.member_id = member_id;
    s.token_hash = "token of " + member_id;
    s.device_name = "unit test";
    s.expires_at_ms = clock_.now_ms() + 3'600'000;
    s.id = "session-" + member_id;
    return s;
  }

  // Calls `start` with a reply and waits for it.
  template <class T>
  static Result<T> await(const std::function<void(Reply<T>)>& start) {
    auto promise = std::make_shared<std::promise<Result<T>>>();
    auto future = promise->get_future();
    start([promise](Result<T> r) { promise->set_value(std::move(r)); });
    return ready(std::move(future));
  }
  static Status await_status(const std::function<void(std::function<void(Status)>)>& start) {
    auto promise = std::make_shared<std::promise<Status>>();
    auto future = promise->get_future();
    start([promise](Status s) { promise->set_value(std::move(s)); });
    return ready(std::move(future));
  }

  // Messaging.
  Result<SendOutput> send(const Session& from, ConversationTarget to, const std::string& text,
                          const std::string& client_msg_id = "") {
    SendInput in;
    in.to = std::move(to);
    in.text = text;
    in.client_msg_id = client_msg_id.empty() ? "m-" + std::to_string(++msg_ids_) : client_msg_id;
    return await<SendOutput>([&](Reply<SendOutput> r) { messaging_.send(from, in, std::move(r)); });
  }
  static ConversationTarget peer(const std::string& member_id) { return {member_id, 0}; }
  static ConversationTarget conversation(int64_t id) { return {"", id}; }
  // The texts of the conversation as `who` may read it, oldest first.
  Result<std::vector<std::string>> texts(const Session& who, const ConversationTarget& target) {
    auto page = messaging_.history(who, target, 0, 0, 500);
    if (!page) return page.status();
    std::vector<std::string> out;
    for (const auto& m : page->messages) out.push_back(m.text);
    return out;
  }

  // Contacts.
  Result<std::pair<AddOutcome, UserCard>> add_contact(const Session& who, const std::string& id,
                                                      int64_t group_id = 0) {
    return await<std::pair<AddOutcome, UserCard>>(
        [&](auto r) { contacts_.add(who, id, group_id, std::move(r)); });
  }
  Status answer(const Session& who, const std::string& id, bool accept) {
    return await_status([&](auto r) { contacts_.answer(who, id, accept, std::move(r)); });
  }
  Status block(const Session& who, const std::string& id, bool blocked = true) {
    return await_status([&](auto r) { contacts_.block(who, id, blocked, std::move(r)); });
  }
  Result<storage::GroupRow> edit_group(const Session& who, GroupEdit edit) {
    return await<storage::GroupRow>(
        [&](auto r) { contacts_.edit_group(who, std::move(edit), std::move(r)); });
  }
  // The member IDs in `who`'s contact list.
  std::vector<std::string> contact_ids(const Session& who) {
    std::vector<std::string> out;
    auto list = contacts_.list(who);
    if (!list) return out;
    for (const auto& [card, group] : list->contacts) out.push_back(card.user.member_id);
    return out;
  }

  // Group chats.
  Result<storage::GroupListing> create_group(const Session& owner, const std::string& name,
                                             std::vector<std::string> members, int visibility = 1) {
    return await<storage::GroupListing>(
        [&](auto r) { groups_.create(owner, name, std::move(members), visibility, std::move(r)); });
  }
  Status add_members(const Session& who, int64_t group, std::vector<std::string> members) {
    return await<storage::GroupListing>(
               [&](auto r) { groups_.add_members(who, group, std::move(members), std::move(r)); })
        .status();
  }
  Status remove_member(const Session& who, int64_t group, const std::string& member) {
    return await_status([&](auto r) { groups_.remove_member(who, group, member, std::move(r)); });
  }
  Status leave(const Session& who, int64_t group) {
    return await_status([&](auto r) { groups_.leave(who, group, std::move(r)); });
  }
  Status rename(const Session& who, int64_t group, const std::string& name) {
    return await<storage::GroupListing>(
               [&](auto r) { groups_.rename(who, group, name, std::move(r)); })
        .status();
  }
  Status set_admin(const Session& who, int64_t group, const std::string& member, bool admin) {
    return await_status(
        [&](auto r) { groups_.set_admin(who, group, member, admin, std::move(r)); });
  }
  Status hand_over(const Session& who, int64_t group, const std::string& member) {
    return await_status(
        [&](auto r) { groups_.transfer_ownership(who, group, member, std::move(r)); });
  }
  // "member:role" for each member, as the group lists them: owner, admins, members.
  std::vector<std::string> roles(const Session& who, int64_t group) {
    std::vector<std::string> out;
    auto members = groups_.members(who, group);
    if (!members) return {members.status().message()};
    for (const auto& m : *members) {
      static const char* const names[] = {"?", "member", "admin", "owner"};
      out.push_back(m.row.member_id + ":" + names[static_cast<int>(m.row.role)]);
    }
    return out;
  }

  // The stored events in `who`'s log, oldest first.
  std::vector<storage::EventRecord> log_of(const Session& who) {
    return readers_.with(
        [&](storage::Database& db) { return storage::read_events(db, who.account_id, 0, 10'000); });
  }
  // The texts of the messages in `who`'s log, oldest first.
  std::vector<std::string> logged_texts(const Session& who) {
    std::vector<std::string> out;
    for (const auto& e : log_of(who)) {
      if (e.kind == storage::EventKind::kMessage && e.message) out.push_back(e.message->text);
    }
    return out;
  }
  int64_t count_rows(const std::string& table) {
    return readers_.with([&](storage::Database& db) {
      auto stmt = db.prepare("SELECT count(*) FROM " + table);
      return stmt.step() ? stmt.int64(0) : -1;
    });
  }

  test::TempDir dir_;
  ManualClock clock_;
  boost::asio::thread_pool pool_{2};
  storage::Writer writer_{dir_ / "souk.db", "FULL"};
  storage::ReaderPool readers_{dir_ / "souk.db", 2};
  EventHub hub_{pool_};
  Messaging messaging_{writer_, readers_, clock_, hub_, pool_, MessagingSettings{}};
  Presence presence_{writer_, readers_, clock_, hub_, pool_, PresenceSettings{}};
  Contacts contacts_{writer_, readers_, clock_, hub_, presence_, ContactSettings{}};
  Groups groups_{writer_, readers_, clock_, hub_, presence_, messaging_, GroupSettings{}};

 private:
  template <class T>
  static T ready(std::future<T> f) {
    if (f.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
      throw std::runtime_error("no reply within 60 s");
    }
    return f.get();
  }

  int msg_ids_ = 0;
};

}  // namespace souk::domain
