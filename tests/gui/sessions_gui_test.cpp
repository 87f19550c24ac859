// Settings → Account in the window: the member's sessions with End per row and "End all
// other sessions", the change-password form with its inline errors, and the window going
// back to sign-in, saying why, when its own session is ended from elsewhere.
#include "gui/gui_fixture.hpp"

namespace souk::test {
namespace {

class SessionsGui : public GuiTest {
 protected:
  bool value_has(SoukWindow& souk, const std::string& name, const std::string& words) {
    return souk.wait_until([&](const nlohmann::json& p) {
      return p.contains("values") && p["values"].contains(name) &&
             p["values"][name].get<std::string>().find(words) != std::string::npos;
    });
  }
  // Replaces what a text field holds.
  void retype(SoukWindow& souk, const std::string& field, const std::string& text) {
    souk.click(field);
    display_->key("ctrl+a");
    display_->type(text);
  }
};

TEST_F(SessionsGui, ReviewEndSessionsAndChangeThePassword) {
  register_member("anna", "Anna");
  ASSERT_EQ(cli("laptop", {"login", "anna", "--device", "laptop"}).exit_code, 0);
  auto& souk = open_signed_in("anna");
  souk.click("settings.open");
  ASSERT_TRUE(souk.wait_for_value("settings.open", "yes"));
  ASSERT_TRUE(value_has(souk, "settings.sessions", "laptop")) << souk.probe().dump();
  EXPECT_TRUE(value_has(souk, "settings.sessions", "Souk desktop*"));  // this one, marked
  shot("sessions-listed");

  souk.click("settings.sessions.end.laptop");
  ASSERT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    const auto listed = p["values"].value("settings.sessions", std::string("laptop"));
    return listed.find("laptop") == std::string::npos && !listed.empty();
  })) << souk.probe().dump();
  EXPECT_EQ(cli("laptop", {"whoami"}).exit_code, 1) << "the ended session no longer works";

  // The form checks what it can itself, then the server checks the current password.
  souk.type_into("settings.password.current", "not the password");
  souk.type_into("settings.password.new", "a much better one");
  souk.type_into("settings.password.again", "a much better 1");
  souk.click("settings.password.change");
  ASSERT_TRUE(souk.wait_for_value("settings.password.error", "The new passwords do not match"));
  retype(souk, "settings.password.again", "a much better one");
  souk.click("settings.password.change");
  ASSERT_TRUE(souk.wait_for_value("settings.password.error", "The current password is wrong"))
      << souk.probe().dump();
  shot("wrong-current-password");
  EXPECT_EQ(cli("anna", {"whoami"}).exit_code, 0) << "a refused change ends nothing";

  retype(souk, "settings.password.current", kGuiPassword);
  souk.click("settings.password.change");
  ASSERT_TRUE(souk.wait_for_value("settings.password.outcome",
                                  "Password changed; 1 other session signed out"))
      << souk.probe().dump();
  shot("password-changed");
  EXPECT_EQ(cli("anna", {"whoami"}).exit_code, 1) << "the other session ended";
  EXPECT_TRUE(souk.wait_for_value("settings.sessions", "Souk desktop*"));
  EXPECT_EQ(souk.value("view"), "main") << "the window made the change and stays signed in";

  // Ended from another device: the window's own stream ends, and it says so.
  auto other = run_process({SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                            (dir_ / "profile-phone").string(), "login", "anna"},
                           {{"SOUK_PASSWORD", "a much better one"}});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  auto ended = run_process({SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                            (dir_ / "profile-phone").string(), "sessions", "end", "--others"});
  ASSERT_EQ(ended.exit_code, 0) << ended.err;
  ASSERT_TRUE(souk.wait_for_value("view", "login")) << souk.probe().dump();
  EXPECT_TRUE(value_has(souk, "login.error", "This session was ended from another device"))
      << souk.probe().dump();
  shot("signed-out-from-elsewhere");
}

}  // namespace
}  // namespace souk::test
