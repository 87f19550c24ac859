// A buyer's first minutes in the real window: sign in, add a seller by member ID, write
// to them, read their answer, and see them go offline. The seller is souk-cli.
#include "gui/gui_fixture.hpp"

namespace souk::test {
namespace {

using ChatGui = GuiTest;

TEST_F(ChatGui, SignInWithTheFormShowsTheMainWindow) {
  register_member("buyer.jan", "Jan Kowalski");
  auto& souk = open_souk();
  ASSERT_TRUE(souk.wait_for_value("view", "login")) << souk.log();
  souk.type_into("login.member_id", "buyer.jan");
  souk.type_into("login.password", kGuiPassword);
  display_->key("Return");
  ASSERT_TRUE(souk.wait_for_value("view", "main")) << souk.log();
  EXPECT_TRUE(souk.wait_for_value("connection", "connected"));
  EXPECT_TRUE(souk.wait_for_item("contacts.empty_add")) << "the empty state offers Add +";
  EXPECT_EQ(souk.value("title"), "Souk — Jan Kowalski (buyer.jan)");
  shot("signed-in");
}

TEST_F(ChatGui, AddASellerByMemberIdAndTalk) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  // The seller watches their events as a bot would.
  ChildProcess watch({SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                      (dir_ / "profile-seller.li").string(), "--json", "watch"},
                     {}, dir_ / "watch.log");
  auto& souk = open_signed_in("buyer.jan");

  souk.click("contacts.add");
  ASSERT_TRUE(souk.wait_for_item("add.member_id"));
  souk.type_into("add.member_id", "seller.li");
  souk.click("add.search");
  ASSERT_TRUE(souk.wait_for_item("add.add.seller.li")) << souk.probe().dump();
  shot("search-card");
  souk.click("add.add.seller.li");
  ASSERT_TRUE(souk.wait_for_value("add.outcome", "Added Li Wei to your contacts"))
      << souk.probe().dump();
  ASSERT_TRUE(souk.click_until("add.close", [](const nlohmann::json& p) {
    return !p["values"].contains("add.open");
  })) << "the dialog closes";
  ASSERT_TRUE(souk.wait_for_item("contact.seller.li"));

  // Open the chat and write; the seller's `souk-cli watch` prints it.
  ASSERT_TRUE(souk.click_until("contact.seller.li", [](const nlohmann::json& p) {
    return p["items"].contains("chat.composer");
  })) << "a click on the contact opens the chat";
  souk.type_into("chat.composer", "Good morning, is the dress in M?");
  display_->key("Return");
  EXPECT_TRUE(wait_for_file_text(dir_ / "watch.log", "Good morning, is the dress in M?"))
      << read_file(dir_ / "watch.log");
  EXPECT_TRUE(souk.wait_for_value("chat.draft_bytes", "0")) << "Enter sent and cleared the draft";

  // The seller answers from souk-cli; it appears in the window.
  auto sent = cli("seller.li", {"send", "buyer.jan", "Yes, M and L are in stock 你好"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_TRUE(souk.wait_for_value("chat.last_text", "Yes, M and L are in stock 你好"))
      << souk.probe().dump();
  shot("conversation");
}

TEST_F(ChatGui, ASellerGoingOfflineTurnsTheirDotGrey) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  ASSERT_EQ(cli("buyer.jan", {"add", "seller.li"}).exit_code, 0);
  auto watch = std::make_unique<ChildProcess>(
      std::vector<std::string>{SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                               (dir_ / "profile-seller.li").string(), "watch"},
      std::map<std::string, std::string>{}, dir_ / "watch.log");
  auto& souk = open_signed_in("buyer.jan");
  ASSERT_TRUE(souk.wait_for_value("contact.seller.li.presence", "Online")) << souk.probe().dump();
  const auto dot = *souk.item("contact.seller.li.dot");
  EXPECT_TRUE(wait_for_pixel(dot.cx(), dot.cy(), ui::palette::kOnline, "seller-online"))
      << "an online seller's dot is yellow, not " << describe(last_pixel_);

  watch.reset();  // the seller's only stream ends
  ASSERT_TRUE(souk.wait_for_value("contact.seller.li.presence", "Offline")) << souk.probe().dump();
  const auto grey = *souk.item("contact.seller.li.dot");
  EXPECT_TRUE(wait_for_pixel(grey.cx(), grey.cy(), ui::palette::kOffline, "seller-offline"))
      << "an offline seller's dot is grey, not " << describe(last_pixel_);
}

}  // namespace
}  // namespace souk::test
