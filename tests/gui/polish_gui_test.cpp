// The small things a new buyer notices in the first minutes: one click opens a chat from
// Recent and Groups, a file-only message has a preview, group changes name people, a
// finished upload's row goes by itself, a photo can be saved from the large view, and a
// group chat still fits a 700×500 window. The other parties are souk-cli.
#include <signal.h>

#include "gui/gui_fixture.hpp"
#include "gui/x_file_drop.hpp"

namespace souk::test {
namespace {

using PolishGui = GuiTest;

std::string value_of(const nlohmann::json& p, const std::string& name) {
  return p.contains("values") && p["values"].contains(name) ? p["values"][name].get<std::string>()
                                                            : "";
}

bool has_item(const nlohmann::json& p, const std::string& name) {
  return p.contains("items") && p["items"].contains(name);
}

// One click as a quick hand makes it: the pointer rests on the widget `from` (so that is
// what the window last saw hovered), then arrives on `to` and presses in the same frame.
// To put both in one frame for sure, the window is held (SIGSTOP) while the pointer moves
// and clicks, and let go after: it then reads the motion, the press and the release in one
// go, as a busy machine would hand them over. (SoukWindow::click moves and clicks a moment
// apart, which hides a click lost in the frame the pointer arrives.)
void quick_click(const SoukWindow& window, const XDisplay& display, const ScreenRect& from,
                 const ScreenRect& to) {
  const std::map<std::string, std::string> env = {{"DISPLAY", display.name()}};
  auto rest = run_process(
      {"xdotool", "mousemove", "--sync", std::to_string(from.cx()), std::to_string(from.cy())},
      env);
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  // Settle: a few frames with the pointer on `from` (this proves nothing by itself).
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const pid_t souk = window.pid();
  ASSERT_EQ(::kill(souk, SIGSTOP), 0);
  auto click = run_process({"xdotool", "mousemove", "--sync", std::to_string(to.cx()),
                            std::to_string(to.cy()), "click", "1"},
                           env);
  ASSERT_EQ(::kill(souk, SIGCONT), 0);
  ASSERT_EQ(click.exit_code, 0) << click.err;
}

// The first probe item whose name starts with `prefix`, without the prefix.
std::string item_suffix(const nlohmann::json& p, const std::string& prefix) {
  if (!p.contains("items")) return "";
  for (const auto& [name, rect] : p["items"].items()) {
    if (name.starts_with(prefix)) return name.substr(prefix.size());
  }
  return "";
}

TEST_F(PolishGui, RecentPreviewsAFileOnlyMessageAndOneClickOpensIt) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  ASSERT_EQ(cli("buyer.jan", {"add", "seller.li"}).exit_code, 0);
  const auto photo = dir_ / "pic.png";
  auto made = run_process({"convert", "-size", "64x48", "xc:#2060d0", photo.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto sent = cli("seller.li", {"send", "buyer.jan", "--attach", photo.string()});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;

  auto& souk = open_signed_in("buyer.jan");
  ASSERT_TRUE(souk.click_until("left.recent", [](const nlohmann::json& p) {
    return has_item(p, "recent.seller.li");
  })) << souk.probe().dump();
  EXPECT_TRUE(souk.wait_for_value("recent.seller.li.preview", "[Photo] pic.png"))
      << "a file-only message is previewed by its file: " << souk.probe().dump();
  shot("recent-preview");

  ASSERT_FALSE(has_item(souk.probe(), "chat.composer"));
  quick_click(souk, *display_, *souk.item("settings.open"), *souk.item("recent.seller.li"));
  EXPECT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    return value_of(p, "chat.front") == "seller.li" && has_item(p, "chat.composer");
  })) << "one click on a Recent row opens the chat: "
      << souk.probe().dump();

  // Several files: the first one's name and how many more.
  const auto sheet = dir_ / "price list.pdf";
  std::ofstream(sheet) << "%PDF-1.4 prices";
  sent = cli("seller.li", {"send", "buyer.jan", "--attach", sheet.string(), photo.string()});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_TRUE(souk.wait_for_value("recent.seller.li.preview", "[File] price list.pdf +1"))
      << souk.probe().dump();
}

TEST_F(PolishGui, OneClickOpensAGroupWhoseChangesNamePeopleAndItFits700x500) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  register_member("seller.wu", "Wu Fang", true);
  ASSERT_EQ(cli("buyer.jan", {"add", "seller.li"}).exit_code, 0);
  ASSERT_EQ(cli("seller.li", {"add", "buyer.jan"}).exit_code, 0);
  ASSERT_EQ(cli("buyer.jan", {"accept", "seller.li"}).exit_code, 0);
  ASSERT_EQ(cli("seller.li", {"add", "seller.wu"}).exit_code, 0);
  auto& souk = open_signed_in("buyer.jan");
  // Li makes the group, then adds Wu, who is no contact of Jan's.
  auto made = cli("seller.li", {"group", "create", "Tea fair", "--members", "buyer.jan"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto added = cli("seller.li", {"group", "add", "Tea fair", "seller.wu"});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  ASSERT_TRUE(souk.click_until("left.groups", [](const nlohmann::json& p) {
    return !item_suffix(p, "group_chat.#").empty();
  })) << souk.probe().dump();
  const std::string group = "#" + item_suffix(souk.probe(), "group_chat.#");
  ASSERT_FALSE(has_item(souk.probe(), "chat.composer"));
  quick_click(souk, *display_, *souk.item("groups.new"), *souk.item("group_chat." + group));
  EXPECT_TRUE(souk.wait_until([&](const nlohmann::json& p) {
    return value_of(p, "chat.front") == group && has_item(p, "chat.composer");
  })) << "one click on a Groups row opens the group: "
      << souk.probe().dump();

  // Wu's name arrives with the member list, and the line says it.
  EXPECT_TRUE(souk.wait_for_value("chat.last_text", "Li Wei added Wu Fang")) << souk.probe().dump();
  EXPECT_TRUE(souk.wait_for_item("members.seller.wu")) << souk.probe().dump();
  shot("group-names");

  // The same group chat, members shown, in a 700×500 window (no window manager: the
  // window takes the size it is given).
  auto resized =
      run_process({"xdotool", "search", "--name", "Souk", "windowsize", "%1", "700", "500"},
                  {{"DISPLAY", display_->name()}});
  ASSERT_EQ(resized.exit_code, 0) << resized.err;
  ASSERT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    return has_item(p, "chat.members_toggle") && p["items"]["left.groups"][3].get<double>() < 500;
  })) << souk.probe().dump();
  // The header's toggle stays whole beside the (shortened) name, left of the member panel;
  // in the panel a name never runs into the role beside it.
  auto right_of = [](const nlohmann::json& p, const std::string& name) {
    return p["items"][name][2].get<double>();
  };
  auto left_of = [](const nlohmann::json& p, const std::string& name) {
    return p["items"][name][0].get<double>();
  };
  const bool fits = souk.wait_until([&](const nlohmann::json& p) {
    for (const char* name : {"chat.title", "chat.members_toggle", "members.seller.li.dot",
                             "members.seller.li", "members.seller.li.role"}) {
      if (!has_item(p, name)) return false;
    }
    return right_of(p, "chat.title") <= left_of(p, "chat.members_toggle") &&
           right_of(p, "chat.members_toggle") < left_of(p, "members.seller.li.dot") &&
           right_of(p, "members.seller.li") <= left_of(p, "members.seller.li.role");
  });
  shot("700x500");
  EXPECT_TRUE(fits) << "at 700×500 nothing collides: " << souk.probe().dump();
}

TEST_F(PolishGui, ASentFileRowFadesByItselfAndAPhotoSavesFromTheLargeView) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  ASSERT_EQ(cli("buyer.jan", {"add", "seller.li"}).exit_code, 0);
  const auto photo = dir_ / "blue dress.png";
  auto made = run_process({"convert", "-size", "320x200", "xc:#2060d0", photo.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  // SoukWindow gives souk a HOME of its own in the test's directory; the download folder
  // is $HOME/Downloads unless SOUK_DOWNLOAD_DIR names another.
  const auto downloads = dir_ / "souk" / "home" / "Downloads";
  auto& souk = open_souk({"--member", "buyer.jan", "--chat-with", "seller.li"},
                         {{"SOUK_PASSWORD", kGuiPassword}, {"SOUK_DOWNLOAD_DIR", ""}});
  ASSERT_TRUE(souk.wait_for_item("chat.composer")) << souk.probe().dump();
  const auto composer = *souk.item("chat.composer");
  ASSERT_EQ(drop_files(display_->name(), composer.cx(), composer.cy(), {photo}), "");

  ASSERT_TRUE(souk.wait_for_value("transfer.blue dress.png", "Sent")) << souk.probe().dump();
  shot("sent");
  EXPECT_TRUE(souk.wait_until(
      [](const nlohmann::json& p) { return !p["values"].contains("transfer.blue dress.png"); },
      std::chrono::seconds(15)))
      << "the finished upload's row goes by itself: " << souk.probe().dump();

  ASSERT_TRUE(souk.wait_for_value("photo.blue dress.png", "shown")) << souk.probe().dump();
  souk.click("photo.blue dress.png");
  ASSERT_TRUE(souk.wait_for_value("photo_viewer.photo", "shown")) << souk.probe().dump();
  ASSERT_TRUE(souk.wait_for_item("photo_viewer.save")) << souk.probe().dump();
  shot("viewer");
  souk.click("photo_viewer.save");
  ASSERT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    return value_of(p, "photo_viewer.saved").starts_with("Saved to ");
  })) << souk.probe().dump();
  shot("saved");
  EXPECT_EQ(souk.value("photo_viewer.saved"),
            "Saved to " + (downloads / "blue dress.png").string());
  EXPECT_TRUE(has_item(souk.probe(), "photo_viewer.image")) << "Save… leaves the viewer open";
  EXPECT_EQ(read_file(downloads / "blue dress.png"), read_file(photo)) << "the same bytes";
}

}  // namespace
}  // namespace souk::test
