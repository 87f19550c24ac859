// The login screen, through a real window, real X input and real screenshots.
#include "gui/gui_fixture.hpp"

namespace souk::test {
namespace {

using LoginGui = GuiTest;

TEST_F(LoginGui, EmptyFormSaysWhatIsMissingInline) {
  auto& souk = open_souk();
  ASSERT_TRUE(souk.wait_for_value("view", "login")) << souk.log();
  ASSERT_TRUE(souk.wait_for_item("login.submit"));
  const auto submit = *souk.item("login.submit");
  EXPECT_TRUE(wait_for_pixel(submit.x0 + 4, submit.cy(), ui::palette::kAccent, "login"))
      << "the Sign in button is not in Souk's accent colour: " << describe(last_pixel_);

  souk.click("login.submit");
  ASSERT_TRUE(souk.wait_for_value("login.error", "Enter your member ID.")) << souk.log();
  souk.type_into("login.member_id", "buyer.jan");
  souk.click("login.submit");
  EXPECT_TRUE(souk.wait_for_value("login.error", "Enter your password.")) << souk.log();
  shot("password-missing");
}

}  // namespace
}  // namespace souk::test
