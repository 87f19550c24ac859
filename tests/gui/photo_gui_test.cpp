// Files in the window: a photo dropped on the window (XDND, as from a file manager) is
// uploaded with a progress bar, sent to the seller, and shown inline as a thumbnail.
#include "gui/gui_fixture.hpp"
#include "gui/x_file_drop.hpp"

namespace souk::test {
namespace {

class PhotoGui : public GuiTest {};

// A colour far from every colour of the theme, so the thumbnail is not mistaken for it.
constexpr ui::Rgb kPhotoColour{32, 96, 208};

TEST_F(PhotoGui, DropAPhotoAndSeeItsThumbnail) {
  register_member("buyer.jan", "Jan Kowalski");
  register_member("seller.li", "Li Wei", true);
  ASSERT_EQ(cli("buyer.jan", {"add", "seller.li"}).exit_code, 0);
  ChildProcess watch({SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                      (dir_ / "profile-seller.li").string(), "--json", "watch"},
                     {}, dir_ / "watch.log");
  const auto photo = dir_ / "blue dress.png";
  auto made = run_process({"convert", "-size", "320x200", "xc:#2060d0", photo.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;

  auto& souk = open_signed_in("buyer.jan", {"--chat-with", "seller.li"});
  ASSERT_TRUE(souk.wait_for_item("chat.composer")) << souk.probe().dump();
  const auto composer = *souk.item("chat.composer");
  const std::string dropped = drop_files(display_->name(), composer.cx(), composer.cy(), {photo});
  ASSERT_EQ(dropped, "");

  EXPECT_TRUE(souk.wait_for_value("transfer.blue dress.png", "Sent")) << souk.probe().dump();
  EXPECT_TRUE(wait_for_file_text(dir_ / "watch.log", "blue dress.png"))
      << "the seller got the photo: " << read_file(dir_ / "watch.log");
  ASSERT_TRUE(souk.wait_for_value("photo.blue dress.png", "shown")) << souk.probe().dump();
  const auto thumbnail = *souk.item("photo.blue dress.png");
  EXPECT_GT(thumbnail.x1 - thumbnail.x0, 100) << "a thumbnail, not an icon";
  EXPECT_TRUE(wait_for_pixel(thumbnail.cx(), thumbnail.cy(), kPhotoColour, "thumbnail"))
      << "the thumbnail shows the photo, not " << describe(last_pixel_);

  // A click opens the larger view.
  souk.click("photo.blue dress.png");
  EXPECT_TRUE(souk.wait_for_item("photo_viewer.image")) << souk.probe().dump();
  shot("large-view");
}

}  // namespace
}  // namespace souk::test
