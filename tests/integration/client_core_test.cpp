// client/core against a real soukd: sign-in, contacts, chat both ways, receipts, and the
// remembered session.
#include "integration/core_fixture.hpp"

namespace souk::test {
namespace {

using ClientCore = CoreTest;
using Phase = client::ConnectionState::Phase;

TEST_F(ClientCore, WrongPasswordShowsInlineAndStaysSignedOut) {
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  auto anna = core("anna");
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return s.connection.phase == Phase::kSignedOut; }));
  client::LoginForm form{server_->address(), "anna", "wrong password", true};
  anna->commands().login(form);
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return !s.errors.login.empty(); }));
  EXPECT_EQ(anna->store().connection.phase, Phase::kSignedOut);
  EXPECT_EQ(anna->store().errors.login, "Wrong member ID or password");
}

TEST_F(ClientCore, AddSellerThenChatBothWaysWithReceipts) {
  auto li = signed_in("seller.li", true);
  auto anna = signed_in("anna");
  EXPECT_EQ(anna->store().me.member_id, "anna");

  anna->commands().search("seller.li");
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return !s.search.in_flight; }));
  ASSERT_EQ(anna->store().search.results.size(), 1u) << anna->store().search.error;
  EXPECT_TRUE(anna->store().search.results[0].is_online());
  anna->commands().add_contact("seller.li");
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return s.contacts.find("seller.li") != nullptr; }));
  EXPECT_EQ(anna->store().search.add_outcome, "Added seller.li to your contacts");
  EXPECT_EQ(anna->store().contacts.find("seller.li")->presence, v1::PRESENCE_ONLINE);

  v1::MessageContext product;
  product.set_kind(v1::MessageContext::KIND_PRODUCT);
  product.set_id("dress-1");
  product.set_title("Summer dress");
  const auto chat = anna->commands().open_chat("seller.li", product);
  const std::string long_text(100'000, 'x');
  anna->commands().send_text(chat, "Hello, do you have it in M?");
  anna->commands().send_text(chat, long_text);
  // Shown at once, before the server answered.
  ASSERT_EQ(texts(anna->store().chat(chat)).size(), 2u);
  EXPECT_TRUE(anna->store().chat(chat)->messages[0].pending);

  ASSERT_TRUE(wait_until(
      *li, [](auto& s) { return texts(s.chat(client::ChatKey::direct("anna"))).size() == 2; }));
  const auto* at_li = li->store().chat(client::ChatKey::direct("anna"));
  EXPECT_EQ(at_li->messages[0].text, "Hello, do you have it in M?");
  ASSERT_TRUE(at_li->messages[0].context.has_value());
  EXPECT_EQ(at_li->messages[0].context->title(), "Summer dress");
  EXPECT_EQ(at_li->messages[1].text, long_text);
  EXPECT_EQ(at_li->unread, 2);
  EXPECT_EQ(li->store().total_unread(), 2);

  // Li's client acked the events: delivered; then Li reads: read.
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) {
    const auto* c = s.chat(chat);
    return c->state_of(c->messages[1]) == client::MessageState::kDelivered;
  }));
  li->commands().mark_read(client::ChatKey::direct("anna"));
  EXPECT_EQ(li->store().total_unread(), 0);
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) {
    const auto* c = s.chat(chat);
    return c->state_of(c->messages[1]) == client::MessageState::kRead;
  }));

  li->commands().send_text(client::ChatKey::direct("anna"), "Yes, M and L are in stock.");
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) { return texts(s.chat(chat)).size() == 3; }));
  EXPECT_EQ(anna->store().chat(chat)->messages[2].sender, "seller.li");
  EXPECT_EQ(anna->store().chat(chat)->unread, 1);
  EXPECT_EQ(anna->store().recent().front()->id, client::ChatKey::direct("seller.li"));
}

TEST_F(ClientCore, RememberedSessionSignsInOnNextStart) {
  {
    auto anna = signed_in("anna");
    EXPECT_TRUE(anna->store().me.remembered);
  }
  auto again = core("anna");
  ASSERT_TRUE(wait_until(*again, connected)) << again->store().connection.last_error;
  EXPECT_EQ(again->store().me.member_id, "anna");

  again->commands().logout();
  ASSERT_TRUE(wait_until(*again, [](auto& s) { return s.connection.phase == Phase::kSignedOut; }));
  auto after_logout = core("anna");
  EXPECT_TRUE(wait_until(*after_logout, [](auto& s) {
    return s.connection.phase == Phase::kSignedOut;
  })) << "the token is forgotten";
}

TEST_F(ClientCore, ContactGroupsMoveAndPresence) {
  auto li = signed_in("seller.li", true);
  auto anna = signed_in("anna");
  anna->commands().add_contact("seller.li");
  anna->commands().create_contact_group("Ulubieni");
  ASSERT_TRUE(wait_until(*anna, [](auto& s) {
    return s.contacts.groups.size() == 2 && s.contacts.find("seller.li") != nullptr;
  })) << anna->store().errors.contacts;
  const auto favourites = anna->store().contacts.groups[1];
  EXPECT_EQ(favourites.name, "Ulubieni");
  anna->commands().move_contact("seller.li", favourites.id);
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return s.contacts.groups[1].members.size() == 1; }));

  li->commands().set_presence(v1::PRESENCE_BUSY, "at the fair");
  ASSERT_TRUE(wait_until(
      *anna, [](auto& s) { return s.contacts.find("seller.li")->presence == v1::PRESENCE_BUSY; }));
  EXPECT_EQ(anna->store().contacts.find("seller.li")->status_text, "at the fair");
  li.reset();
  ASSERT_TRUE(wait_until(*anna, [](auto& s) {
    return s.contacts.find("seller.li")->presence == v1::PRESENCE_OFFLINE;
  }));
}

}  // namespace
}  // namespace souk::test
