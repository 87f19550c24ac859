#include "client/ui/settings_dialog.hpp"

#include <imgui.h>

#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <vector>

#include "client/ui/format_time.hpp"
#include "client/ui/language_names.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {
namespace {

constexpr const char* kTitle = "Settings";

float em_width(float ems) {
  return ImGui::GetCursorPosX() + ImGui::GetFontSize() * ems;
}

// A language combo whose entries the GUI tests can find ("<probe>.<tag>").
void language_combo(const char* label, const char* probe_name, std::string& value,
                    const std::vector<std::string>& tags, const char* none) {
  const std::string shown = value.empty() ? none : language_name(value);
  if (ImGui::BeginCombo(label, shown.c_str())) {
    if (ImGui::Selectable(none, value.empty())) value.clear();
    for (const auto& tag : tags) {
      if (ImGui::Selectable(language_name(tag).c_str(), tag == value)) value = tag;
      probe::item(std::string(probe_name) + "." + tag);
    }
    ImGui::EndCombo();
  }
  probe::item(probe_name);
}

}  // namespace

void SettingsDialog::open(const client::Store& store) {
  const auto& s = store.translation.settings;
  enabled_ = s.auto_translate();
  target_ = s.target_lang();
  write_in_ = s.write_in();
  opening_ = true;
  sessions_requested_ = false;
}

void SettingsDialog::draw(ViewContext& ctx) {
  if (opening_) {
    ImGui::OpenPopup(kTitle);
    opening_ = false;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  const float em = ImGui::GetFontSize();
  // Sized to what the open tab holds, never narrower than its explanations read well.
  ImGui::SetNextWindowSizeConstraints(ImVec2(em * 30, 0), ImVec2(em * 40, FLT_MAX));
  bool open = true;
  if (!ImGui::BeginPopupModal(
          kTitle, &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    return;
  }
  ImGui::PushItemWidth(em * 14);
  probe::value("settings.open", "yes");
  if (ImGui::BeginTabBar("settings_tabs")) {
    const bool account = ImGui::BeginTabItem("Account");
    probe::item("settings.tab.account");
    if (account) {
      draw_account(ctx);
      ImGui::EndTabItem();
    }
    const bool chat = ImGui::BeginTabItem("Chat");
    probe::item("settings.tab.chat");
    if (chat) {
      draw_chat(ctx);
      ImGui::EndTabItem();
    }
    const bool appearance = ImGui::BeginTabItem("Appearance");
    probe::item("settings.tab.appearance");
    if (appearance) {
      draw_appearance(ctx);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::PopItemWidth();
  ImGui::Separator();
  if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
  probe::item("settings.close");
  ImGui::EndPopup();
}

void SettingsDialog::draw_account(ViewContext& ctx) {
  const auto& me = ctx.store.me;
  ImGui::Text("Member ID: %s", me.member_id.c_str());
  ImGui::Text("Name: %s", me.display_name.c_str());
  if (!me.shop_name.empty()) ImGui::Text("Shop: %s", me.shop_name.c_str());
  ImGui::Spacing();
  if (ImGui::Button("Sign out")) {
    ctx.commands.logout();
    ImGui::CloseCurrentPopup();
  }
  probe::item("settings.sign_out");
  draw_sessions(ctx);
  draw_password(ctx);
}

void SettingsDialog::draw_sessions(ViewContext& ctx) {
  const auto& a = ctx.store.account;
  if (!sessions_requested_) {
    sessions_requested_ = true;
    ctx.commands.load_sessions();
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("Sessions");
  ImGui::Separator();
  const int64_t now = now_ms();
  std::string listed;  // for the GUI tests: "device*" marks this one, rows joined by "|"
  if (ImGui::BeginTable("sessions", 3, ImGuiTableFlags_SizingStretchProp)) {
    for (const auto& s : a.list) {
      ImGui::PushID(s.id().c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.device_name().c_str());
      ImGui::TableNextColumn();
      muted_text("signed in " + message_time(s.created_at_ms(), now) + ", last active " +
                 (now - s.last_seen_ms() < 60'000 ? std::string("now")
                                                  : ago(s.last_seen_ms(), now) + " ago"));
      ImGui::TableNextColumn();
      if (s.current()) {
        ImGui::TextUnformatted("This device");
      } else {
        if (ImGui::SmallButton("End")) ctx.commands.end_session(s.id());
        probe::item("settings.sessions.end." + s.device_name());
      }
      ImGui::PopID();
      if (!listed.empty()) listed += "|";
      listed += s.device_name() + (s.current() ? "*" : "");
    }
    ImGui::EndTable();
  }
  probe::value("settings.sessions", listed);
  const bool others =
      std::any_of(a.list.begin(), a.list.end(), [](const auto& s) { return !s.current(); });
  ImGui::BeginDisabled(!others);
  if (ImGui::Button("End all other sessions")) ctx.commands.end_other_sessions();
  ImGui::EndDisabled();
  probe::item("settings.sessions.end_others");
  if (a.loading) {
    ImGui::SameLine();
    spinner("Loading…");
    ctx.pacer.redraw_within(1.0 / 30);
  }
  if (!a.error.empty()) error_text(a.error);
  probe::value("settings.sessions.error", a.error);
}

void SettingsDialog::draw_password(ViewContext& ctx) {
  const auto& a = ctx.store.account;
  if (a.password_changes != password_changes_seen_) {
    // Changed: the typed passwords are not kept a frame longer than needed.
    password_changes_seen_ = a.password_changes;
    for (auto* field : {&current_password_, &new_password_, &new_again_}) {
      field->assign(field->size(), '\0');
      field->clear();
    }
  }
  ImGui::Spacing();
  ImGui::TextUnformatted("Change password");
  ImGui::Separator();
  constexpr auto kFlags = ImGuiInputTextFlags_Password;
  ImGui::InputText("Current password", &current_password_, kFlags);
  probe::item("settings.password.current");
  ImGui::InputText("New password", &new_password_, kFlags);
  probe::item("settings.password.new");
  ImGui::InputText("New password again", &new_again_, kFlags);
  probe::item("settings.password.again");
  ImGui::PushTextWrapPos(em_width(30));
  muted_text("Changing it signs out every other device; this one stays signed in.");
  ImGui::PopTextWrapPos();
  ImGui::BeginDisabled(a.changing_password);
  if (primary_button("Change password")) {
    if (current_password_.empty()) {
      password_check_ = "Enter your current password";
    } else if (new_password_ != new_again_) {
      password_check_ = "The new passwords do not match";
    } else {
      password_check_.clear();
      ctx.commands.change_password(current_password_, new_password_);
    }
  }
  ImGui::EndDisabled();
  probe::item("settings.password.change");
  if (a.changing_password) {
    ImGui::SameLine();
    spinner("Changing…");
    ctx.pacer.redraw_within(1.0 / 30);
  }
  const std::string& error = password_check_.empty() ? a.password_error : password_check_;
  if (!error.empty()) {
    error_text(error);
  } else if (!a.password_outcome.empty()) {
    ImGui::TextUnformatted(a.password_outcome.c_str());
  }
  probe::value("settings.password.error", error);
  probe::value("settings.password.outcome", a.password_outcome);
}

void SettingsDialog::draw_chat(ViewContext& ctx) {
  const auto& t = ctx.store.translation;
  ImGui::TextUnformatted("Translation");
  ImGui::Separator();
  if (!t.loaded) {
    muted_text("Translation settings load once Souk is connected.");
    return;
  }
  ImGui::Checkbox("Enable translation", &enabled_);
  probe::item("settings.translation.enable");
  ImGui::PushTextWrapPos(em_width(30));
  muted_text("Messages you receive are shown in your language, with the original a click away.");
  ImGui::PopTextWrapPos();
  ImGui::BeginDisabled(!enabled_);
  language_combo("Language", "settings.translation.language", target_, t.targets,
                 "Choose a language");
  ImGui::EndDisabled();
  language_combo("I write in", "settings.translation.write_in", write_in_, t.languages,
                 "Detect it");
  ImGui::Spacing();
  ImGui::BeginDisabled(t.saving);
  if (primary_button("Apply")) ctx.commands.save_translation_settings(enabled_, target_, write_in_);
  ImGui::EndDisabled();
  probe::item("settings.apply");
  if (t.saving) {
    ImGui::SameLine();
    spinner("Saving…");
    ctx.pacer.redraw_within(1.0 / 30);
  } else if (!t.outcome.empty()) {
    ImGui::SameLine();
    if (t.outcome == "Saved") {
      ImGui::TextUnformatted("Saved");
    } else {
      error_text(t.outcome);
    }
  }
  probe::value("settings.outcome", t.outcome);
}

void SettingsDialog::draw_appearance(ViewContext& ctx) {
  auto it = ctx.store.settings.find("appearance.text_scale");
  const std::string current = it == ctx.store.settings.end() ? "1" : it->second;
  ImGui::TextUnformatted("Text size");
  for (const auto& [label, value] :
       {std::pair{"Small", "0.9"}, {"Normal", "1"}, {"Large", "1.2"}}) {
    if (ImGui::RadioButton(label, current == value)) {
      ctx.commands.set_setting("appearance.text_scale", value);
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();
}

}  // namespace souk::ui
