#include "client/ui/composer_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "client/ui/language_names.hpp"
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

// The language the peer writes in, from their latest message that says; English else.
std::string peer_language(const client::Chat& chat) {
  for (auto it = chat.messages.rbegin(); it != chat.messages.rend(); ++it) {
    if (it->outgoing) continue;
    if (!it->lang.empty()) return it->lang;
    if (it->translation && !it->translation->source_lang.empty()) {
      return it->translation->source_lang;
    }
  }
  return "en";
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

  draw_tools(ctx, chat);
  ImGui::SameLine();
  ImGui::TextDisabled("Enter sends · Shift+Enter new line");
  if (draft_.size() > 4096) {
    ImGui::SameLine();
    ImGui::TextDisabled("· %zu KB", draft_.size() / 1024);
  }
  ImGui::SameLine(ImGui::GetContentRegionMax().x - em * 5.5f);
  if (primary_button("Send \xe2\x8f\x8e", ImVec2(em * 5.5f, 0))) send(ctx, chat);  // ⏎
  probe::item("chat.send");
}

void ComposerView::draw_tools(ViewContext& ctx, const client::Chat& chat) {
  if (ImGui::Button("Attach")) picker_.open();
  probe::item("chat.attach");
  if (auto files = picker_.draw(ctx); !files.empty() && ctx.transfers != nullptr) {
    ctx.transfers->send_files(chat.id, files);
  }
  ImGui::SameLine();
  // A finished translation of the draft replaces it; the user still decides to send.
  if (auto it = ctx.store.draft_translations.find(chat.id);
      it != ctx.store.draft_translations.end() && it->second.request == draft_request_ &&
      draft_request_ != 0 && !it->second.in_flight) {
    if (it->second.error.empty()) draft_ = it->second.text;
    draft_request_ = 0;
  }
  const auto pending = ctx.store.draft_translations.find(chat.id);
  const bool busy = draft_request_ != 0;
  const std::string to = draft_to_.empty() ? peer_language(chat) : draft_to_;
  ImGui::BeginDisabled(busy || only_whitespace(draft_));
  const std::string label = "Translate draft \xe2\x86\x92 " + to;  // →
  if (ImGui::Button(label.c_str())) {
    draft_request_ = ctx.commands.translate_draft(chat.id, draft_, to);
  }
  ImGui::EndDisabled();
  probe::item("chat.translate_draft");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3);
  if (ImGui::BeginCombo("##draft_to", to.c_str(), ImGuiComboFlags_NoArrowButton)) {
    for (const auto& tag : ctx.store.translation.targets) {
      if (ImGui::Selectable(language_name(tag).c_str(), tag == to)) draft_to_ = tag;
    }
    ImGui::EndCombo();
  }
  if (busy) {
    ImGui::SameLine();
    spinner("Translating…");
    ctx.pacer.redraw_within(1.0 / 30);
  } else if (pending != ctx.store.draft_translations.end() && !pending->second.error.empty()) {
    ImGui::SameLine();
    error_text(pending->second.error);
  }
}

}  // namespace souk::ui
