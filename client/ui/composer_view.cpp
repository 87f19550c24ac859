#include "client/ui/composer_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {
namespace {

int on_edit(ImGuiInputTextCallbackData* data) {
  *static_cast<bool*>(data->UserData) = true;
  return 0;
}

bool only_whitespace(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

void ComposerView::send(ViewContext& ctx, const client::Chat& chat) {
  if (only_whitespace(draft_)) return;
  ctx.commands.send_text(chat.id, draft_);
  ctx.commands.set_typing(chat.id, false);
  draft_.clear();
  focus_ = true;
}

void ComposerView::draw(ViewContext& ctx, const client::Chat& chat) {
  ImGuiIO& io = ImGui::GetIO();
  const float em = ImGui::GetFontSize();
  const float height = ImGui::GetTextLineHeight() * 4 + ImGui::GetStyle().FramePadding.y * 2;
  if (focus_) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  // ImGui's multiline input sends on Enter and breaks the line on Ctrl+Enter with this
  // flag; Shift+Enter is what chat users expect for a new line, so while Enter is down
  // with Shift the input is told Ctrl is held as well.
  const bool shift_enter = io.KeyShift && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
  const bool saved_ctrl = io.KeyCtrl;
  if (shift_enter) io.KeyCtrl = true;
  edited_ = false;
  const bool enter = ImGui::InputTextMultiline("##composer", &draft_, ImVec2(-1, height),
                                               ImGuiInputTextFlags_EnterReturnsTrue |
                                                   ImGuiInputTextFlags_CtrlEnterForNewLine |
                                                   ImGuiInputTextFlags_CallbackEdit,
                                               on_edit, &edited_);
  io.KeyCtrl = saved_ctrl;
  probe::item("chat.composer");
  probe::value("chat.draft_bytes", std::to_string(draft_.size()));
  if (edited_) {
    ctx.commands.set_typing(chat.id, !draft_.empty());
    ctx.commands.report_activity();
  }
  if (enter) send(ctx, chat);

  ImGui::TextDisabled("Enter sends · Shift+Enter new line");
  if (draft_.size() > 4096) {
    ImGui::SameLine();
    ImGui::TextDisabled("· %zu KB", draft_.size() / 1024);
  }
  ImGui::SameLine(ImGui::GetContentRegionMax().x - em * 5.5f);
  if (primary_button("Send \xe2\x8f\x8e", ImVec2(em * 5.5f, 0))) send(ctx, chat);  // ⏎
  probe::item("chat.send");
}

}  // namespace souk::ui
