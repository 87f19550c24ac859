// Search, add (open and approval), remove, block, groups: the TradeManager contact list.
#include <chrono>
#include <thread>

#include "integration/contacts_fixture.hpp"

namespace souk::test {
namespace {

TEST_F(ContactsTest, OpenSellerIsAddedAtOnceAndHearsOfIt) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  EventCollector li_stream(server_->address(), li);

  v1::SearchUsersRequest search;
  search.set_query("SELLER.LI");
  // The seller's stream opens in the background: search until it counts as online.
  auto found = contacts(anna).search(search);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (found.ok() && found->users_size() > 0 &&
         found->users(0).presence().state() != v1::PRESENCE_ONLINE &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    found = contacts(anna).search(search);
  }
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_GE(found->users_size(), 1);
  EXPECT_EQ(found->users(0).member_id(), "seller.li") << "the exact ID comes first";
  EXPECT_EQ(found->users(0).shop_name(), "seller.li shop");
  EXPECT_EQ(found->users(0).presence().state(), v1::PRESENCE_ONLINE) << "open sellers show it";
  EXPECT_FALSE(found->users(0).is_contact());

  auto added = contacts(anna).add(add("seller.li"));
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(added->outcome(), v1::AddContactResponse::OUTCOME_ADDED);
  EXPECT_TRUE(li_stream.wait_for([](const auto& events) {
    return has_contact_event(events, v1::ContactEvent::KIND_ADDED_YOU, "anna");
  }));

  auto list = contacts(anna).list();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->contacts_size(), 1);
  EXPECT_EQ(list->contacts(0).user().member_id(), "seller.li");
  ASSERT_GE(list->groups_size(), 1);
  EXPECT_EQ(list->groups(0).name(), "My Contacts");
  EXPECT_EQ(list->contacts(0).group_id(), list->groups(0).id());
  EXPECT_EQ(contacts(anna).add(add("seller.li")).status().code(), Code::kAlreadyExists);
}

TEST_F(ContactsTest, BuyerWantsApprovalAcceptAndDecline) {
  const auto li = seller("seller.li");
  const auto anna = member("anna");
  const auto bob = member("bob");
  EventCollector anna_stream(server_->address(), anna);
  EventCollector li_stream(server_->address(), li);

  auto asked = contacts(li).add(add("anna"));
  ASSERT_TRUE(asked.ok()) << asked.status().message();
  EXPECT_EQ(asked->outcome(), v1::AddContactResponse::OUTCOME_REQUEST_SENT);
  ASSERT_TRUE(anna_stream.wait_for([](const auto& events) {
    return has_contact_event(events, v1::ContactEvent::KIND_REQUEST_RECEIVED, "seller.li");
  }));
  auto pending = contacts(anna).list();
  ASSERT_EQ(pending->incoming_requests_size(), 1);
  EXPECT_EQ(pending->incoming_requests(0).member_id(), "seller.li");
  EXPECT_EQ(contacts(li).list()->contacts_size(), 0) << "nothing until anna answers";

  ASSERT_TRUE(contacts(anna).answer_request(answer("seller.li", true)).ok());
  ASSERT_TRUE(li_stream.wait_for([](const auto& events) {
    return has_contact_event(events, v1::ContactEvent::KIND_REQUEST_ACCEPTED, "anna");
  }));
  EXPECT_EQ(contacts(li).list()->contacts_size(), 1);
  EXPECT_EQ(contacts(anna).list()->incoming_requests_size(), 0);

  ASSERT_TRUE(contacts(bob).add(add("anna")).ok());
  ASSERT_TRUE(contacts(anna).answer_request(answer("bob", false)).ok());
  EXPECT_EQ(contacts(bob).list()->contacts_size(), 0);
  EXPECT_EQ(contacts(anna).answer_request(answer("bob", true)).code(), Code::kNotFound)
      << "a declined request is gone";
}

TEST_F(ContactsTest, BlockingRefusesMessagesAndRequestsAndHidesPresence) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  ASSERT_TRUE(contacts(anna).add(add("seller.li")).ok());
  ASSERT_TRUE(chat(anna).send(text_to("seller.li", "hello")).ok());
  EventCollector li_online(server_->address(), li);
  EventCollector anna_stream(server_->address(), anna);
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_ONLINE)));

  ASSERT_TRUE(contacts(li).block(block("anna", true)).ok());
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_OFFLINE)))
      << "a blocked member sees the blocker go offline at once";
  const auto before = count_rows("messages");
  auto refused = chat(anna).send(text_to("seller.li", "are you there?"));
  EXPECT_EQ(refused.status().code(), Code::kPermissionDenied) << refused.status().message();
  EXPECT_EQ(count_rows("messages"), before);
  ASSERT_TRUE(contacts(anna)
                  .remove([] {
                    v1::RemoveContactRequest r;
                    r.set_member_id("seller.li");
                    return r;
                  }())
                  .ok());
  EXPECT_EQ(contacts(anna).add(add("seller.li")).status().code(), Code::kPermissionDenied);
  v1::SearchUsersRequest search;
  search.set_query("seller.li");
  EXPECT_EQ(contacts(anna).search(search)->users(0).presence().state(), v1::PRESENCE_OFFLINE);
  EXPECT_EQ(contacts(li).list()->blocked(0), "anna");

  ASSERT_TRUE(contacts(li).block(block("anna", false)).ok());
  EXPECT_TRUE(chat(anna).send(text_to("seller.li", "thanks")).ok());
  EXPECT_TRUE(contacts(anna).add(add("seller.li")).ok());
  EXPECT_EQ(contacts(anna).search(search)->users(0).presence().state(), v1::PRESENCE_ONLINE);
}

TEST_F(ContactsTest, GroupsCreateRenameMoveDeleteAndSyncToOtherDevices) {
  const auto anna = member("anna");
  const auto anna_phone = another_device("anna");
  seller("seller.li");
  seller("seller.zhang");
  ASSERT_TRUE(contacts(anna).add(add("seller.li")).ok());
  ASSERT_TRUE(contacts(anna).add(add("seller.zhang")).ok());
  EventCollector phone(server_->address(), anna_phone);

  v1::ContactGroupRequest create;
  create.set_action(v1::ContactGroupRequest::ACTION_CREATE);
  create.set_name("Ulubieni");
  auto created = contacts(anna).edit_group(create);
  ASSERT_TRUE(created.ok()) << created.status().message();
  const int64_t favourites = created->group().id();
  EXPECT_EQ(contacts(anna).edit_group(create).status().code(), Code::kAlreadyExists);

  v1::ContactGroupRequest move;
  move.set_action(v1::ContactGroupRequest::ACTION_MOVE_CONTACT);
  move.set_member_id("seller.li");
  move.set_group_id(favourites);
  ASSERT_TRUE(contacts(anna).edit_group(move).ok());
  ASSERT_TRUE(phone.wait_for([](const auto& events) {
    int changes = 0;
    for (const auto& e : events) {
      changes += e.has_contact() && e.contact().kind() == v1::ContactEvent::KIND_CONTACTS_CHANGED;
    }
    return changes >= 2;  // the new group, then the move
  })) << "the other device hears of both changes";

  v1::ContactGroupRequest order;
  order.set_action(v1::ContactGroupRequest::ACTION_MOVE_GROUP);
  order.set_group_id(favourites);
  order.set_position(0);
  ASSERT_TRUE(contacts(anna).edit_group(order).ok());
  auto list = contacts(anna).list();
  ASSERT_EQ(list->groups_size(), 2);
  EXPECT_EQ(list->groups(0).name(), "Ulubieni");
  for (const auto& c : list->contacts()) {
    EXPECT_EQ(c.group_id() == favourites, c.user().member_id() == "seller.li");
  }

  v1::ContactGroupRequest del;
  del.set_action(v1::ContactGroupRequest::ACTION_DELETE);
  del.set_group_id(favourites);
  ASSERT_TRUE(contacts(anna).edit_group(del).ok());
  list = contacts(anna).list();
  ASSERT_EQ(list->groups_size(), 1);
  for (const auto& c : list->contacts()) EXPECT_EQ(c.group_id(), list->groups(0).id());
  del.set_group_id(list->groups(0).id());
  EXPECT_EQ(contacts(anna).edit_group(del).status().code(), Code::kFailedPrecondition)
      << "the default group stays";
}

TEST_F(ContactsTest, SearchNeedsThreeCharactersAndReturnsAtMostTwenty) {
  const auto anna = member("anna");
  for (int i = 0; i < 25; ++i) member("shopper" + std::to_string(i));
  v1::SearchUsersRequest search;
  search.set_query("sh");
  EXPECT_EQ(contacts(anna).search(search)->users_size(), 0) << "too short to list anyone";
  search.set_query("sho");
  EXPECT_EQ(contacts(anna).search(search)->users_size(), 20);
  search.set_query("shopper7");
  auto exact = contacts(anna).search(search);
  ASSERT_GE(exact->users_size(), 1);
  EXPECT_EQ(exact->users(0).member_id(), "shopper7");
  EXPECT_EQ(exact->users(0).presence().state(), v1::PRESENCE_OFFLINE)
      << "a buyer who is no contact shows no presence";
}

TEST_F(ContactsTest, BadInputChangesNothing) {
  const auto anna = member("anna");
  const auto tables = {"contacts", "contact_requests", "blocks", "contact_groups", "events"};
  std::map<std::string, int64_t> before;
  for (const auto* t : tables) before[t] = count_rows(t);

  EXPECT_EQ(contacts(anna).add(add("nobody.here")).status().code(), Code::kNotFound);
  EXPECT_EQ(contacts(anna).add(add("anna")).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(contacts(anna).block(block("nobody.here", true)).code(), Code::kNotFound);
  EXPECT_EQ(contacts(anna).answer_request(answer("anna", true)).code(), Code::kInvalidArgument);
  v1::ContactGroupRequest bad;
  bad.set_action(v1::ContactGroupRequest::ACTION_CREATE);
  bad.set_name("");
  EXPECT_EQ(contacts(anna).edit_group(bad).status().code(), Code::kInvalidArgument);
  bad.set_name("line\nbreak");
  EXPECT_EQ(contacts(anna).edit_group(bad).status().code(), Code::kInvalidArgument);
  bad.set_action(v1::ContactGroupRequest::ACTION_RENAME);
  bad.set_group_id(999);
  bad.set_name("fine");
  EXPECT_EQ(contacts(anna).edit_group(bad).status().code(), Code::kNotFound);
  v1::SearchUsersRequest search;
  search.set_query("\xff\xfe");
  EXPECT_EQ(contacts(anna).search(search).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(contacts(anna).set_presence(presence(v1::PRESENCE_OFFLINE)).status().code(),
            Code::kInvalidArgument)
      << "offline is not a choice; invisible is";
  EXPECT_EQ(contacts(anna)
                .set_presence(presence(v1::PRESENCE_BUSY, std::string(129, 'x')))
                .status()
                .code(),
            Code::kInvalidArgument);
  for (const auto* t : tables) EXPECT_EQ(count_rows(t), before[t]) << t;
}

TEST_F(ContactsTest, TooManyGroupsNamesTheLimit) {
  stop_server(SIGTERM);
  start({"--max-contact-groups", "2"});
  const auto anna = member("anna");
  v1::ContactGroupRequest create;
  create.set_action(v1::ContactGroupRequest::ACTION_CREATE);
  create.set_name("one");
  ASSERT_TRUE(contacts(anna).edit_group(create).ok());  // with the default: 2
  create.set_name("two");
  auto refused = contacts(anna).edit_group(create);
  EXPECT_EQ(refused.status().code(), Code::kResourceExhausted);
  EXPECT_NE(refused.status().message().find("max_contact_groups"), std::string::npos);
}

}  // namespace
}  // namespace souk::test
