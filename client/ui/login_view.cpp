#include "client/ui/login_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void LoginView::prefill(const std::string& server, const std::string& member_id) {
  if (!server.empty()) form_.server = server;
  if (!member_id.empty()) form_.member_id = member_id;
}

std::optional<LoginForm> LoginView::submit() {
  local_error_.clear();
  if (form_.member_id.empty())
    local_error_ = "Enter your member ID.";
  else if (form_.password.empty())
    local_error_ = "Enter your password.";
  else if (form_.create_account && form_.display_name.empty())
    local_error_ = "Enter the name others will see.";
  else if (form_.create_account && form_.seller && form_.shop_name.empty())
    local_error_ = "Enter your shop's name.";
  if (!local_error_.empty()) return std::nullopt;
  LoginForm out = form_;
  form_.password.assign(form_.password.size(), '\0');
  form_.password.clear();
  return out;
}

std::optional<LoginForm> LoginView::draw(bool busy, const std::string& error) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  const ImVec2 size(em * 24, 0);
  ImGui::SetNextWindowPos(
      ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f, viewport->WorkPos.y + em * 4),
      ImGuiCond_Always, ImVec2(0.5f, 0));
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 1.5f, em * 1.2f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, em * 0.6f);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_ChildBg));
  ImGui::Begin("##login", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);

  ImGui::TextUnformatted(form_.create_account ? "Create a Souk account" : "Sign in to Souk");
  ImGui::Spacing();
  std::optional<LoginForm> submitted;
  bool enter = false;
  const float field = size.x - em * 3;
  ImGui::BeginDisabled(busy);
  ImGui::PushItemWidth(field);

  ImGui::TextUnformatted("Member ID");
  if (focus_member_id_) {
    ImGui::SetKeyboardFocusHere();
    focus_member_id_ = false;
  }
  enter |= ImGui::InputText("##member", &form_.member_id, ImGuiInputTextFlags_EnterReturnsTrue);
  probe::item("login.member_id");
  ImGui::TextUnformatted("Password");
  enter |= ImGui::InputText("##password", &form_.password,
                            ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
  probe::item("login.password");
  if (form_.create_account) {
    ImGui::TextUnformatted("Your name");
    ImGui::InputText("##name", &form_.display_name);
    probe::item("login.display_name");
    ImGui::Checkbox("I am a seller", &form_.seller);
    if (form_.seller) {
      ImGui::TextUnformatted("Shop name");
      ImGui::InputText("##shop", &form_.shop_name);
    }
  }
  ImGui::TextUnformatted("Server");
  ImGui::InputText("##server", &form_.server);
  probe::item("login.server");
  ImGui::Checkbox("Remember me on this computer", &form_.remember);
  ImGui::PopItemWidth();
  ImGui::Spacing();

  const char* action = form_.create_account ? "Create account" : "Sign in";
  if (primary_button(action, ImVec2(field, 0)) || enter) submitted = submit();
  probe::item("login.submit");
  ImGui::EndDisabled();

  if (busy) spinner(form_.create_account ? "Creating your account…" : "Signing in…");
  if (!local_error_.empty())
    error_text(local_error_);
  else if (!error.empty() && !busy)
    error_text(error);
  probe::value("login.error", local_error_.empty() ? error : local_error_);

  ImGui::Spacing();
  ImGui::Separator();
  const char* other = form_.create_account ? "I already have an account" : "Create an account";
  if (ImGui::Button(other, ImVec2(field, 0)) && !busy) {
    form_.create_account = !form_.create_account;
    local_error_.clear();
  }
  probe::item("login.switch_mode");
  ImGui::End();
  return submitted;
}

}  // namespace souk::ui
