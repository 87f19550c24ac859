// The contact list and the Add dialog in the real window: searching inside names and IDs,
// rows that say "In contacts" or "Request sent", cancelling a sent request, one click to
// chat, presence that does not pretend to be live during an outage, and online first.
#include <signal.h>

#include "gui/gui_fixture.hpp"

namespace souk::test {
namespace {

class ContactsGui : public GuiTest {
 protected:
  // `souk-cli watch` for `member`: a live stream, so they count as online.
  std::unique_ptr<ChildProcess> watch(const std::string& member) {
    return std::make_unique<ChildProcess>(
        std::vector<std::string>{SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                                 (dir_ / ("profile-" + member)).string(), "watch"},
        std::map<std::string, std::string>{}, dir_ / (member + "-watch.log"));
  }

  void add_contact(const std::string& owner, const std::string& member) {
    auto r = cli(owner, {"add", member});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // soukd again on the address it had, as the window would see it come back.
  void restart_soukd(const std::string& address) {
    server_ = std::make_unique<SoukdProcess>(
        SOUKD_PATH, dir_ / "data",
        std::vector<std::string>{"--listen", address, "--presence-grace-seconds", "1"});
  }

  // One click on `item`, the pointer coming from the Add + button in one quick movement
  // (one xdotool call): the window is still drawing the frame the first motion woke it
  // for when the press comes, so the press shares a frame with the pointer's arrival, as
  // it does for a quick hand on a busy machine.
  // (The pointer must not rest on Add + already: xdotool's --sync waits for a motion.)
  void one_click(SoukWindow& souk, const std::string& item) {
    const std::string from = "contacts.add";
    ASSERT_TRUE(souk.wait_for_item(item)) << item;
    ASSERT_TRUE(souk.wait_for_item(from)) << from;
    const auto start = *souk.item(from);
    const auto r = *souk.item(item);
    auto done = run_process({"/usr/bin/env", "xdotool", "mousemove", "--sync",
                             std::to_string(start.cx()), std::to_string(start.cy()), "mousemove",
                             std::to_string(r.cx()), std::to_string(r.cy()), "click", "1"},
                            {{"DISPLAY", display_->name()}});
    ASSERT_EQ(done.exit_code, 0) << done.err;
  }

  static std::function<bool(const nlohmann::json&)> has_value(const std::string& name,
                                                              const std::string& expected) {
    return [name, expected](const nlohmann::json& p) {
      return p.contains("values") && p["values"].contains(name) && p["values"][name] == expected;
    };
  }
};

TEST_F(ContactsGui, SearchFindsWordsInsideNamesAndIdsAndRowsSayWhatAddWouldDo) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("ux.seller1", "Ux One", true);
  register_member("ux.seller2", "Ux Two", true);
  register_member("ux.seller3", "Ux Three", true);
  register_member("sam", "Sam Seller");  // a buyer: adding them asks first
  add_contact("buyer.jan", "ux.seller1");
  auto& souk = open_signed_in("buyer.jan");

  souk.click("contacts.add");
  ASSERT_TRUE(souk.wait_for_item("add.member_id"));
  EXPECT_EQ(souk.value("add.label"), "Member ID or name");

  // A miss says what was searched for; Enter keeps the cursor in the field, so the next
  // key goes on with the query, with no click on the field.
  souk.type_into("add.member_id", "nobody");
  display_->key("Return");
  ASSERT_TRUE(souk.wait_for_value("add.error", "No member matches 'nobody'")) << souk.log();
  ASSERT_TRUE(souk.wait_for_value("add.member_id.focused", "yes")) << "Enter kept the focus";
  display_->type("2");
  souk.click("add.search");
  ASSERT_TRUE(souk.wait_for_value("add.error", "No member matches 'nobody2'"))
      << "typed on after Enter";
  // The Search button leaves the cursor in the field too.
  ASSERT_TRUE(souk.wait_for_value("add.member_id.focused", "yes")) << "Search kept the focus";
  display_->type("3");
  display_->key("Return");
  ASSERT_TRUE(souk.wait_for_value("add.error", "No member matches 'nobody23'"))
      << "typed on after Search";
  for (int i = 0; i < 8; ++i) display_->key("BackSpace");
  ASSERT_TRUE(souk.wait_for_value("add.member_id.focused", "yes"));
  display_->type("seller");
  display_->key("Return");

  // "seller" is inside the three IDs and inside Sam's name.
  ASSERT_TRUE(souk.wait_for_value("add.card.sam", "Add")) << souk.probe().dump();
  EXPECT_EQ(souk.value("add.card.ux.seller1"), "In contacts");
  EXPECT_EQ(souk.value("add.card.ux.seller2"), "Add");
  EXPECT_EQ(souk.value("add.card.ux.seller3"), "Add");
  EXPECT_FALSE(souk.item("add.add.ux.seller1")) << "no Add for someone already in contacts";
  shot("search-inside");

  souk.click("add.add.ux.seller2");
  ASSERT_TRUE(souk.wait_for_value("add.card.ux.seller2", "In contacts")) << souk.probe().dump();
  souk.click("add.add.sam");
  ASSERT_TRUE(souk.wait_for_value("add.card.sam", "Request sent")) << souk.probe().dump();
  // Adding one result never brings back another's Add.
  EXPECT_EQ(souk.value("add.card.ux.seller2"), "In contacts");
  EXPECT_FALSE(souk.item("add.add.ux.seller2"));
  EXPECT_EQ(souk.value("add.card.ux.seller3"), "Add");
  shot("after-adding");
  ASSERT_TRUE(souk.click_until(
      "add.close", [](const nlohmann::json& p) { return !p["values"].contains("add.open"); }));

  // The request waits in the list, and Cancel withdraws it on both sides.
  ASSERT_TRUE(souk.wait_for_item("sent.sam")) << souk.probe().dump();
  shot("sent-request");
  auto theirs = cli("sam", {"--json", "contacts"});
  EXPECT_NE(theirs.out.find("\"incoming_request\""), std::string::npos) << theirs.out;
  souk.click("sent.sam.cancel");
  ASSERT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    return p.contains("items") && !p["items"].contains("sent.sam");
  })) << souk.probe().dump();
  theirs = cli("sam", {"--json", "contacts"});
  EXPECT_EQ(theirs.out.find("\"incoming_request\""), std::string::npos) << theirs.out;
  EXPECT_TRUE(souk.wait_for_item("contact.ux.seller2")) << "the real contacts stay";
}

TEST_F(ContactsGui, OneClickOpensAChat) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  register_member("seller.wu", "Wu Fang", true);
  add_contact("buyer.jan", "seller.li");
  add_contact("buyer.jan", "seller.wu");
  auto& souk = open_signed_in("buyer.jan");
  ASSERT_TRUE(souk.wait_for_item("contact.seller.wu"));

  one_click(souk, "contact.seller.li");
  ASSERT_TRUE(souk.wait_for_value("chat.front", "seller.li")) << "one click opened Li's chat";
  EXPECT_TRUE(souk.wait_for_item("chat.composer"));
  // Typing to Li, then straight to Wu: again a single click, though the composer had
  // the keyboard.
  souk.type_into("chat.composer", "hello");
  ASSERT_TRUE(souk.wait_for_value("chat.draft_bytes", "5"));
  one_click(souk, "contact.seller.wu");
  ASSERT_TRUE(souk.wait_for_value("chat.front", "seller.wu")) << "one click opened Wu's chat";
  // Back to Li by her tab, then Wu from the list again: one click brings his chat back.
  ASSERT_TRUE(souk.click_until("tab.seller.li", has_value("chat.front", "seller.li")));
  one_click(souk, "contact.seller.wu");
  EXPECT_TRUE(souk.wait_for_value("chat.front", "seller.wu"))
      << "one click on a contact whose chat is open in another tab brings it to front";
  shot("chat-open");
}

TEST_F(ContactsGui, PresenceGoesGreyWhileDisconnectedAndComesBack) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  add_contact("buyer.jan", "seller.li");
  auto li = watch("seller.li");
  auto& souk = open_signed_in("buyer.jan");
  ASSERT_TRUE(souk.wait_for_value("contact.seller.li.presence", "Online")) << souk.probe().dump();
  ASSERT_TRUE(souk.wait_for_value("me.presence", "Online"));
  ASSERT_TRUE(souk.item("me.presence_dot.centre")) << souk.probe().dump();
  const auto own = *souk.item("me.presence_dot.centre");
  const auto dot = *souk.item("contact.seller.li.dot");
  EXPECT_TRUE(wait_for_pixel(own.cx(), own.cy(), ui::palette::kOnline, "own-online"))
      << describe(last_pixel_);
  EXPECT_TRUE(wait_for_pixel(dot.cx(), dot.cy(), ui::palette::kOnline, "contact-online"))
      << describe(last_pixel_);

  const std::string address = server_->address();
  li.reset();
  server_->stop(SIGTERM);
  ASSERT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    return p.contains("values") && p["values"].value("connection", "") == "reconnecting";
  })) << souk.probe().dump();
  EXPECT_TRUE(souk.wait_for_value("contact.seller.li.presence", "Unknown")) << souk.probe().dump();
  EXPECT_TRUE(souk.wait_for_value("me.presence", "Offline")) << souk.probe().dump();
  EXPECT_TRUE(wait_for_pixel(own.cx(), own.cy(), ui::palette::kOffline, "own-disconnected"))
      << "my own dot is grey while disconnected, not " << describe(last_pixel_);
  EXPECT_TRUE(wait_for_pixel(dot.cx(), dot.cy(), ui::palette::kOffline, "contact-disconnected"))
      << "a contact's dot is grey while disconnected, not " << describe(last_pixel_);

  restart_soukd(address);
  li = watch("seller.li");
  EXPECT_TRUE(souk.wait_for_value("connection", "connected", std::chrono::seconds(40)));
  EXPECT_TRUE(souk.wait_for_value("contact.seller.li.presence", "Online")) << souk.probe().dump();
  EXPECT_TRUE(souk.wait_for_value("me.presence", "Online"));
  EXPECT_TRUE(wait_for_pixel(own.cx(), own.cy(), ui::palette::kOnline, "own-back"))
      << describe(last_pixel_);
  EXPECT_TRUE(wait_for_pixel(dot.cx(), dot.cy(), ui::palette::kOnline, "contact-back"))
      << describe(last_pixel_);
}

TEST_F(ContactsGui, OnlineContactsComeFirstAndKeepTheirShop) {
  register_member("buyer.jan", "Jan Kowalski");
  // By name: Anna, Bob, Cy, Dee. By presence: Cy online, Anna away, Dee busy, Bob offline.
  register_member("anna.away", "Anna", true);
  register_member("bob.off", "Bob", true);
  register_member("cy.on", "Cy", true);
  register_member("dee.busy", "Dee", true);
  for (const auto* id : {"anna.away", "bob.off", "cy.on", "dee.busy"}) add_contact("buyer.jan", id);
  ASSERT_EQ(cli("anna.away", {"presence", "set", "away", "lunch"}).exit_code, 0);
  ASSERT_EQ(cli("dee.busy", {"presence", "set", "busy"}).exit_code, 0);
  auto anna = watch("anna.away");
  auto cy = watch("cy.on");
  auto dee = watch("dee.busy");
  auto& souk = open_signed_in("buyer.jan");
  ASSERT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    return has_value("contact.cy.on.presence", "Online")(p) &&
           has_value("contact.anna.away.presence", "Away")(p) &&
           has_value("contact.dee.busy.presence", "Busy")(p) &&
           has_value("contact.bob.off.presence", "Offline")(p);
  })) << souk.probe().dump();
  // The list may lag a frame behind the values: wait for the order itself.
  // True when the rows stand top to bottom in this order (all of them shown).
  auto in_order = [&](const std::vector<std::string>& ids) {
    int above = -1;
    for (const auto& id : ids) {
      const auto row = souk.item("contact." + id);
      if (!row || row->y0 <= above) return false;
      above = row->y0;
    }
    return true;
  };
  EXPECT_TRUE(souk.wait_until([&](const nlohmann::json&) {
    return in_order({"cy.on", "anna.away", "dee.busy", "bob.off"});
  })) << "online, away, busy, offline: "
      << souk.probe().dump();
  EXPECT_EQ(souk.value("contact.anna.away.detail"), "lunch · Anna Shop")
      << "the shop stays next to the status text";
  EXPECT_EQ(souk.value("contact.cy.on.detail"), "Cy Shop");
  shot("online-first");

  // Cy leaves: below the away and busy ones now, and after Bob, as offline ones go by name.
  cy.reset();
  ASSERT_TRUE(souk.wait_for_value("contact.cy.on.presence", "Offline")) << souk.probe().dump();
  EXPECT_TRUE(souk.wait_until([&](const nlohmann::json&) {
    return in_order({"anna.away", "dee.busy", "bob.off", "cy.on"});
  })) << souk.probe().dump();
  const auto detail = souk.value("contact.cy.on.detail");
  EXPECT_NE(detail.find("Cy Shop"), std::string::npos) << detail;
  shot("cy-offline");
}

}  // namespace
}  // namespace souk::test
