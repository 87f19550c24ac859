#pragma once

#include <optional>
#include <string>

namespace souk::ui {

// What the user typed into the login/register form.
struct LoginForm {
  std::string server = "127.0.0.1:50051";
  std::string member_id;
  std::string password;
  bool remember = true;  // keep a session token (never the password) for next start
  bool create_account = false;
  std::string display_name;
  bool seller = false;
  std::string shop_name;
};

// The first screen: server address, member ID, password, "remember me", and a switch to
// create an account. Errors from the server appear inline under the form.
class LoginView {
 public:
  void prefill(const std::string& server, const std::string& member_id);
  // `busy` while a sign-in is in flight; `error` from the last attempt. Returns the form
  // when the user submits it (the password is then cleared from the view).
  std::optional<LoginForm> draw(bool busy, const std::string& error);

 private:
  std::optional<LoginForm> submit();
  LoginForm form_;
  std::string local_error_;
  bool focus_member_id_ = true;
};

}  // namespace souk::ui
