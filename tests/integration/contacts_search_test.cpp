// Search inside names, shops and member IDs, and withdrawing a contact request, against a
// real soukd.
#include "integration/contacts_fixture.hpp"

namespace souk::test {
namespace {

class ContactsSearch : public ContactsTest {
 protected:
  void register_seller(const std::string& id, const std::string& name, const std::string& shop) {
    auto r = buyer(id, name);
    r.set_role(v1::ROLE_SELLER);
    r.set_shop_name(shop);
    auto registered = auth_client().register_account(r);
    ASSERT_TRUE(registered.ok()) << registered.status().message();
  }

  std::vector<std::string> found(const std::string& token, const std::string& query) {
    v1::SearchUsersRequest search;
    search.set_query(query);
    auto reply = contacts(token).search(search);
    EXPECT_TRUE(reply.ok()) << reply.status().message();
    std::vector<std::string> ids;
    if (reply.ok()) {
      for (const auto& u : reply->users()) ids.push_back(u.member_id());
    }
    return ids;
  }

  static v1::RemoveContactRequest cancel(const std::string& id) {
    v1::RemoveContactRequest r;
    r.set_member_id(id);
    r.set_request_only(true);
    return r;
  }
};

using Ids = std::vector<std::string>;

TEST_F(ContactsSearch, WordsInsideNamesShopsAndIdsMatch) {
  const auto anna = member("anna");
  register_seller("ux.seller1", "Ux One", "Yiwu Bags");
  register_seller("ux.seller2", "Ux Two", "Shenzhen Dress Factory");
  register_seller("ux.seller3", "Ux Three", "深圳服装厂 Outlet");
  register_seller("sam", "Sam Seller", "Sam's Corner");
  register_seller("seller.li", "Li Wei", "Li's");

  // A start of an ID comes first, then matches inside IDs and names, by member ID.
  EXPECT_EQ(found(anna, "seller"),
            (Ids{"seller.li", "sam", "ux.seller1", "ux.seller2", "ux.seller3"}));
  EXPECT_EQ(found(anna, "SELLER2"), Ids{"ux.seller2"}) << "case folded";
  EXPECT_EQ(found(anna, "eller3"), Ids{"ux.seller3"}) << "inside a segment of an ID";
  EXPECT_EQ(found(anna, "dress"), Ids{"ux.seller2"}) << "a word inside a shop name";
  EXPECT_EQ(found(anna, "服装厂"), Ids{"ux.seller3"}) << "Chinese inside a shop name";
  EXPECT_EQ(found(anna, "m sel"), Ids{"sam"}) << "across the space in a name";
  EXPECT_EQ(found(anna, "el\"le"), Ids{}) << "quotes are text, not query syntax";
  EXPECT_EQ(found(anna, "el"), Ids{}) << "too short to list anyone";
}

TEST_F(ContactsSearch, InsideMatchesKeepTheResultLimit) {
  const auto anna = member("anna");
  for (int i = 0; i < 25; ++i) member("x.shopper" + std::to_string(i));
  EXPECT_EQ(found(anna, "shopper").size(), 20u);
  EXPECT_EQ(found(anna, "hopper1").size(), 11u) << "shopper1 and shopper10 to 19";
}

TEST_F(ContactsSearch, CancelWithdrawsAPendingRequestOnBothSides) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  EventCollector anna_stream(server_->address(), anna);
  auto asked = contacts(li).add(add("anna"));
  ASSERT_TRUE(asked.ok()) << asked.status().message();
  ASSERT_EQ(asked->outcome(), v1::AddContactResponse::OUTCOME_REQUEST_SENT);
  ASSERT_EQ(contacts(li).list()->outgoing_requests_size(), 1);
  ASSERT_TRUE(anna_stream.wait_for([](const auto& events) {
    return has_contact_event(events, v1::ContactEvent::KIND_REQUEST_RECEIVED, "seller.li");
  }));

  ASSERT_TRUE(contacts(li).remove(cancel("anna")).ok());
  EXPECT_EQ(contacts(li).list()->outgoing_requests_size(), 0);
  EXPECT_EQ(contacts(anna).list()->incoming_requests_size(), 0);
  EXPECT_TRUE(anna_stream.wait_for([](const auto& events) {
    return has_contact_event(events, v1::ContactEvent::KIND_CONTACTS_CHANGED, "seller.li");
  })) << "anna's devices hear of it and drop the request from their lists";
  EXPECT_EQ(contacts(anna).answer_request(answer("seller.li", true)).code(), Code::kNotFound)
      << "a withdrawn request cannot be accepted";

  auto again = contacts(li).remove(cancel("anna"));
  EXPECT_EQ(again.code(), Code::kNotFound);
  EXPECT_EQ(again.message(), "no request to 'anna' waits for an answer");
}

TEST_F(ContactsSearch, CancelNeverRemovesAContact) {
  const auto anna = member("anna");
  seller("seller.li");
  ASSERT_TRUE(contacts(anna).add(add("seller.li")).ok());
  EXPECT_EQ(contacts(anna).remove(cancel("seller.li")).code(), Code::kNotFound);
  EXPECT_EQ(contacts(anna).list()->contacts_size(), 1);
}

}  // namespace
}  // namespace souk::test
