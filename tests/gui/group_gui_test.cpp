// A buyer opens a group chat with two sellers in the real window: Groups → New group,
// name, both ticked, Create; writes to the group; sees the members with presence dots;
// removes one. The sellers are souk-cli.
#include "gui/gui_fixture.hpp"
#include "tools/process/child_process.hpp"

namespace souk::test {
namespace {

using GroupGui = GuiTest;

bool has_value(const nlohmann::json& p, const std::string& name) {
  return p.contains("values") && p["values"].contains(name);
}

std::string value_of(const nlohmann::json& p, const std::string& name) {
  return has_value(p, name) ? p["values"][name].get<std::string>() : "";
}

TEST_F(GroupGui, CreateAGroupWithTwoSellersTalkAndRemoveOne) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  register_member("seller.wu", "Wu Fang", true);
  ASSERT_EQ(cli("buyer.jan", {"add", "seller.li"}).exit_code, 0);
  ASSERT_EQ(cli("buyer.jan", {"add", "seller.wu"}).exit_code, 0);
  // Li watches their events; Wu stays offline.
  ChildProcess watch({SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                      (dir_ / "profile-seller.li").string(), "--json", "watch"},
                     {}, dir_ / "li-watch.log");
  auto& souk = open_signed_in("buyer.jan");
  ASSERT_TRUE(souk.wait_for_item("contact.seller.wu")) << souk.probe().dump();

  ASSERT_TRUE(souk.click_until("left.groups", [](const nlohmann::json& p) {
    return p["items"].contains("groups.new");
  })) << "the Groups tab offers New group";
  ASSERT_TRUE(souk.click_until("groups.new", [](const nlohmann::json& p) {
    return has_value(p, "new_group.open") && p["items"].contains("new_group.pick.seller.wu");
  })) << souk.probe().dump();
  ASSERT_TRUE(souk.wait_for_item("new_group.name"));
  souk.type_into("new_group.name", "Summer dresses");
  ASSERT_TRUE(souk.click_until("new_group.pick.seller.li", [](const nlohmann::json& p) {
    return value_of(p, "new_group.picked") == "1";
  }));
  ASSERT_TRUE(souk.click_until("new_group.pick.seller.wu", [](const nlohmann::json& p) {
    return value_of(p, "new_group.picked") == "2";
  }));
  shot("new-group-dialog");
  ASSERT_TRUE(souk.wait_for_item("new_group.create"));
  ASSERT_TRUE(souk.click_until("new_group.create", [](const nlohmann::json& p) {
    return !has_value(p, "new_group.open");
  })) << souk.probe().dump();

  // The group opens as a chat tab, with its members on the right.
  ASSERT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    return value_of(p, "chat.front").starts_with("#") && p["items"].contains("chat.composer");
  })) << souk.probe().dump();
  const std::string group = souk.value("chat.front");
  EXPECT_TRUE(souk.wait_for_item("group_chat." + group)) << "listed on the Groups tab";
  souk.type_into("chat.composer", "Hello both, any new summer styles?");
  display_->key("Return");
  EXPECT_TRUE(wait_for_file_text(dir_ / "li-watch.log", "Hello both, any new summer styles?"))
      << read_file(dir_ / "li-watch.log");

  ASSERT_TRUE(souk.wait_for_value("members.list", "buyer.jan,seller.li,seller.wu"))
      << souk.probe().dump();
  ASSERT_TRUE(souk.wait_for_value("members.seller.li.presence", "Online")) << souk.probe().dump();
  EXPECT_EQ(souk.value("members.seller.wu.presence"), "Offline");
  const auto li_dot = *souk.item("members.seller.li.dot");
  EXPECT_TRUE(wait_for_pixel(li_dot.cx(), li_dot.cy(), ui::palette::kOnline, "members"))
      << "an online member's dot is yellow, not " << describe(last_pixel_);
  const auto wu_dot = *souk.item("members.seller.wu.dot");
  EXPECT_TRUE(wait_for_pixel(wu_dot.cx(), wu_dot.cy(), ui::palette::kOffline, "members"))
      << "an offline member's dot is grey, not " << describe(last_pixel_);

  // Li answers in the group: it lands in the group's chat, under Li's name.
  auto sent = cli("seller.li", {"send", "Summer dresses", "Yes, three new styles", "--group"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_TRUE(souk.wait_for_value("chat.last_text", "Yes, three new styles"))
      << souk.probe().dump();
  EXPECT_EQ(souk.value("chat.front"), group);

  // Remove Wu through the window (it asks first). A dialog's first frame is laid out but
  // not shown, so its buttons are waited for before they are clicked.
  ASSERT_TRUE(souk.wait_for_item("members.seller.wu.remove"));
  ASSERT_TRUE(souk.click_until("members.seller.wu.remove", [](const nlohmann::json& p) {
    return value_of(p, "members.confirm") == "seller.wu";
  })) << souk.probe().dump();
  ASSERT_TRUE(souk.wait_for_item("members.confirm_yes"));
  ASSERT_TRUE(souk.click_until("members.confirm_yes", [](const nlohmann::json& p) {
    return value_of(p, "members.list") == "buyer.jan,seller.li";
  })) << souk.probe().dump();
  shot("after-remove");
  auto members = cli("seller.li", {"group", "members", "Summer dresses"});
  ASSERT_EQ(members.exit_code, 0) << members.err;
  EXPECT_NE(members.out.find("seller.li"), std::string::npos) << members.out;
  EXPECT_EQ(members.out.find("seller.wu"), std::string::npos) << members.out;
  auto removed = cli("seller.wu", {"group", "members", group.substr(1)});
  EXPECT_EQ(removed.exit_code, 1) << "Wu is no longer a member";
}

}  // namespace
}  // namespace souk::test
