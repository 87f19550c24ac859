#include "client/ui/composer_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "client/ui/language_names.hpp"
#include "client/ui/text_wrap.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {
namespace {

constexpr size_t kMinLines = 2, kMaxLines = 6;
constexpr size_t kUndoSteps = 100;
constexpr size_t kUndoBytes = 16 << 20;  // a pasted 10 MB text is not kept twenty times

bool only_whitespace(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool enter_pressed() {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
         ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
}

bool pressed_with(ImGuiKey key, int mods) {
  return ImGui::GetIO().KeyMods == mods && ImGui::IsKeyPressed(ImGui::GetKeyIndex(key));
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

DraftWrap::LineBreaks ComposerView::line_breaks() const {
  return [font = ImGui::GetFont(), size = ImGui::GetFontSize(), width = wrap_width_](
             std::string_view text) { return soft_line_starts(text, *font, size, width); };
}

float ComposerView::height() const {
  const size_t lines = std::clamp(draft_.lines(), kMinLines, kMaxLines);
  return ImGui::GetTextLineHeight() * static_cast<float>(lines) +
         ImGui::GetStyle().FramePadding.y * 2 + 2;
}

void ComposerView::replace_draft(std::string text) {
  if (active_) {
    replacement_ = std::move(text);
  } else {
    draft_.set_text(text, line_breaks());
    wrapped_at_ = wrap_width_;
    buffer_ = draft_.shown();
  }
}

void ComposerView::remember_for_undo(const std::string& before, bool one_character) {
  // Typing a word is one step: characters less than a second apart join the last one.
  const auto now = std::chrono::steady_clock::now();
  redo_.clear();
  if (one_character && !undo_.empty() && now - last_undo_step_ < std::chrono::seconds(1)) return;
  last_undo_step_ = now;
  undo_.push_back(before);
  size_t bytes = 0;
  for (const auto& s : undo_) bytes += s.size();
  while (undo_.size() > kUndoSteps || (bytes > kUndoBytes && undo_.size() > 1)) {
    bytes -= undo_.front().size();
    undo_.erase(undo_.begin());
  }
}

std::optional<std::string> ComposerView::undo_or_redo_key() {
  const bool undo = pressed_with(ImGuiKey_Z, ImGuiKeyModFlags_Ctrl);
  const bool redo = pressed_with(ImGuiKey_Y, ImGuiKeyModFlags_Ctrl) ||
                    pressed_with(ImGuiKey_Z, ImGuiKeyModFlags_Ctrl | ImGuiKeyModFlags_Shift);
  auto& from = undo ? undo_ : redo_;
  auto& to = undo ? redo_ : undo_;
  if ((!undo && !redo) || from.empty()) return std::nullopt;
  to.push_back(draft_.text());
  std::string text = std::move(from.back());
  from.pop_back();
  last_undo_step_ = {};
  return text;
}

int ComposerView::on_input(ImGuiInputTextCallbackData* data) {
  return static_cast<ComposerView*>(data->UserData)->handle_input(*data);
}

int ComposerView::handle_input(ImGuiInputTextCallbackData& d) {
  const ImGuiIO& io = ImGui::GetIO();
  if (d.EventFlag == ImGuiInputTextFlags_CallbackCharFilter) {
    // ImGui turns Enter into a '\n' typed into the text. Without Shift it sends instead;
    // line breaks that arrive any other way (a paste) stay.
    if (d.EventChar == '\n' && enter_pressed() && !io.KeyShift) {
      send_requested_ = true;
      return 1;
    }
    return 0;
  }
  const std::string_view now(d.Buf, static_cast<size_t>(d.BufTextLen));
  const DraftWrap::Cursor cursor{static_cast<size_t>(d.CursorPos),
                                 static_cast<size_t>(d.SelectionStart),
                                 static_cast<size_t>(d.SelectionEnd)};
  const auto breaks = line_breaks();
  std::optional<DraftWrap::Cursor> moved;
  std::optional<std::string> restore = std::move(replacement_);
  replacement_.reset();
  if (!restore) restore = undo_or_redo_key();
  if (restore) {
    moved = draft_.set_text(*restore, breaks);
    edited_ = true;
  } else if (now != draft_.shown()) {
    if (pressed_with(ImGuiKey_X, ImGuiKeyModFlags_Ctrl)) {
      // ImGui copied the cut text with its soft breaks; the clipboard gets the draft's.
      const auto [lo, hi] = std::minmax(selection_.select_start, selection_.select_end);
      ImGui::SetClipboardText(draft_.text_between(lo, hi).c_str());
    }
    const std::string before = draft_.text();
    const auto key =
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)) ? DraftWrap::Key::kBackspace
        : ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete))  ? DraftWrap::Key::kDelete
                                                                    : DraftWrap::Key::kOther;
    moved = draft_.edited(now, cursor, key, breaks);
    const size_t change = before.size() > draft_.text().size()
                              ? before.size() - draft_.text().size()
                              : draft_.text().size() - before.size();
    remember_for_undo(before, change <= 4);
    edited_ = true;
  } else if (wrapped_at_ != wrap_width_) {
    moved = draft_.rewrap(breaks, cursor);
  }
  wrapped_at_ = wrap_width_;
  if (pressed_with(ImGuiKey_C, ImGuiKeyModFlags_Ctrl) && cursor.select_start != cursor.select_end) {
    const auto [lo, hi] = std::minmax(cursor.select_start, cursor.select_end);
    ImGui::SetClipboardText(draft_.text_between(lo, hi).c_str());
  }
  selection_ = cursor;
  if (moved && (restore || draft_.shown() != now)) {
    d.DeleteChars(0, d.BufTextLen);
    d.InsertChars(0, draft_.shown().data(), draft_.shown().data() + draft_.shown().size());
    d.CursorPos = static_cast<int>(moved->pos);
    d.SelectionStart = static_cast<int>(moved->select_start);
    d.SelectionEnd = static_cast<int>(moved->select_end);
    selection_ = *moved;
  }
  return 0;
}

void ComposerView::send(ViewContext& ctx, const client::Chat& chat) {
  if (only_whitespace(draft_.text())) return;
  ctx.commands.send_text(chat.id, draft_.text());
  ctx.commands.set_typing(chat.id, false);
  undo_.clear();
  redo_.clear();
  replace_draft("");
  focus_ = true;
}

void ComposerView::draw(ViewContext& ctx, const client::Chat& chat) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::GetContentRegionAvail().x;
  // Room for the scrollbar a long draft brings, so a line never hides under it.
  wrap_width_ =
      std::max(ImGui::GetFontSize() * 4, width - style.FramePadding.x * 2 - style.ScrollbarSize -
                                             ImGui::GetFontSize() * 0.5f);
  if (!active_ && (replacement_ || wrapped_at_ != wrap_width_)) {
    replace_draft(replacement_.value_or(draft_.text()));
    replacement_.reset();
  }
  if (focus_) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  edited_ = false;
  send_requested_ = false;
  // No EnterReturnsTrue: that would make ImGui drop the keyboard on every Enter. Enter is
  // caught as the '\n' it types (see handle_input). Undo is the composer's own, since
  // ImGui's would replay edits made before the soft line breaks moved.
  const bool was_active = active_;
  ImGui::InputTextMultiline("##composer", &buffer_, ImVec2(width, height()),
                            ImGuiInputTextFlags_CallbackCharFilter |
                                ImGuiInputTextFlags_CallbackEdit |
                                ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_NoUndoRedo,
                            on_input, this);
  active_ = ImGui::IsItemActive();
  // Ctrl+Enter sends as well; ImGui ends editing on it, so the keyboard comes back.
  const bool ctrl_enter = was_active && !active_ && enter_pressed() && ImGui::GetIO().KeyCtrl;
  // Escape makes ImGui put back the text from before editing began; the draft stays.
  if (!active_ && buffer_ != draft_.shown()) buffer_ = draft_.shown();
  probe::item("chat.composer");
  probe::value("chat.draft_bytes", std::to_string(draft_.text().size()));
  if (probe::enabled()) {
    probe::value("chat.draft", draft_.text().substr(0, 400));
    probe::value("chat.composer_lines", std::to_string(draft_.lines()));
  }
  if (edited_) {
    ctx.commands.set_typing(chat.id, !draft_.text().empty());
    ctx.commands.report_activity();
  }
  if (send_requested_ || ctrl_enter) send(ctx, chat);
  draw_tools(ctx, chat);
  draw_hint_and_send(ctx, chat);
}

void ComposerView::draw_hint_and_send(ViewContext& ctx, const client::Chat& chat) {
  const float em = ImGui::GetFontSize();
  const float send_x = ImGui::GetContentRegionMax().x - em * 5.5f;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  // The hint shows only where it fits beside Send; a narrow window keeps Send whole.
  std::string hint = "Enter sends · Shift+Enter new line";
  if (draft_.text().size() > 4096)
    hint += " · " + std::to_string(draft_.text().size() / 1024) + " KB";
  ImGui::SameLine();
  const float hint_x = ImGui::GetCursorPosX();
  if (hint_x + ImGui::CalcTextSize(hint.c_str()).x + gap <= send_x) {
    ImGui::TextDisabled("%s", hint.c_str());
    probe::item("chat.hint");
  }
  ImGui::SameLine(std::max(send_x, hint_x));
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
    if (it->second.error.empty()) {
      remember_for_undo(draft_.text(), false);
      replace_draft(it->second.text);
    }
    draft_request_ = 0;
  }
  const auto pending = ctx.store.draft_translations.find(chat.id);
  const bool busy = draft_request_ != 0;
  const std::string to = draft_to_.empty() ? peer_language(chat) : draft_to_;
  ImGui::BeginDisabled(busy || only_whitespace(draft_.text()));
  const std::string label = "Translate draft \xe2\x86\x92 " + to;  // →
  if (ImGui::Button(label.c_str())) {
    draft_request_ = ctx.commands.translate_draft(chat.id, draft_.text(), to);
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
