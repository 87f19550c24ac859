#include "client/ui/message_list.hpp"

#include <imgui.h>

#include <algorithm>
#include <string_view>

#include "client/core/store_groups.hpp"
#include "client/ui/attachment_view.hpp"
#include "client/ui/format_time.hpp"
#include "client/ui/language_names.hpp"
#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"

namespace souk::ui {
namespace {

constexpr const char* kTick = "\xe2\x9c\x93";               // ✓
constexpr const char* kTicks = "\xe2\x9c\x93\xe2\x9c\x93";  // ✓✓

// Cuts `text` to at most `bytes`, backing off to a UTF-8 character boundary.
std::string_view cut_utf8(std::string_view text, size_t bytes) {
  if (bytes >= text.size()) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

std::string meta_text(const client::Chat& chat, const client::ChatMessage& m, int64_t now) {
  std::string meta = message_time(m.time_ms, now);
  switch (chat.state_of(m)) {
    case client::MessageState::kNotSent:
      return meta + "  not yet sent";
    case client::MessageState::kFailed:
      return meta + "  not sent: " + m.failed;
    case client::MessageState::kSent:
      return meta + "  " + kTick;
    case client::MessageState::kDelivered:
    case client::MessageState::kRead:
      return meta + "  " + kTicks;
    case client::MessageState::kIncoming:
      return meta;
  }
  return meta;
}

std::string card_text(const v1::MessageContext& c) {
  const char* kind = c.kind() == v1::MessageContext::KIND_ORDER ? "Order" : "Product";
  return std::string(kind) + ": " + (c.title().empty() ? c.id() : c.title());
}

}  // namespace

struct MessageList::Layout {
  std::string_view text;
  const WrappedText* lines = nullptr;  // `text` cut into lines
  size_t full_bytes = 0;               // the whole text, of which `text` may be the start
  bool translated = false;             // `text` is the translation
  std::string note;  // under the text: the language tag, "Translating…", a failure
  bool folded = false;
  std::string name;  // the sender, over the other side's bubbles
  std::string meta;  // time and delivery marks
  std::string card;  // product or order the message is about
  ImVec2 files;      // attachments block
  float pad = 0, name_h = 0, text_h = 0, card_h = 0, meta_h = 0, more_h = 0, note_h = 0;
  float bubble_w = 0, bubble_h = 0, row_h = 0;
};

std::string MessageList::key(const client::ChatMessage& m) {
  return m.seq > 0 ? std::to_string(m.seq) : "c:" + m.client_msg_id;
}

float MessageList::estimate(const client::ChatMessage& m) const {
  // Cheap and close enough: characters per wrapped line from an average glyph width, plus
  // the explicit line breaks within the part that would be shown.
  const float line = ImGui::GetTextLineHeight();
  const size_t shown = std::min(m.text.size(), kFoldBytes);
  const size_t per_line = std::max<size_t>(8, static_cast<size_t>(wrap_ / char_width_));
  const size_t breaks =
      static_cast<size_t>(std::count(m.text.begin(), m.text.begin() + shown, '\n'));
  const float lines = static_cast<float>(shown / per_line + breaks + 1);
  float h = line * (lines + 1.0f) + line;  // text, meta line, padding and spacing
  if (m.context.has_value()) h += line * 1.3f;
  if (!m.outgoing) h += line;
  if (m.text.size() > kFoldBytes) h += line * 1.4f;
  if (m.translation) h += line * 1.4f;
  if (!m.attachments.empty()) h += AttachmentView::block_size(m).y;
  return h;
}

void MessageList::reconcile(const client::Chat& chat, float wrap_width) {
  const auto& msgs = chat.messages;
  if (std::abs(wrap_width - wrap_) > 0.5f) {
    wrap_ = wrap_width;
    for (auto& r : rows_) r.measured = false;
  }
  const size_t n = msgs.size();
  const std::string front = n ? key(msgs.front()) : "", back = n ? key(msgs.back()) : "";
  if (n == rows_.size() && front == front_key_ && back == back_key_) return;
  const size_t old = rows_.size();
  offsets_dirty_ = true;
  if (n > old && old > 0 && front != front_key_ && key(msgs[n - old]) == front_key_) {
    // An older page arrived above: keep what is on screen where it is.
    std::vector<Row> added(n - old);
    float added_h = 0;
    for (size_t i = 0; i < added.size(); ++i) {
      added[i].height = estimate(msgs[i]);
      added_h += added[i].height;
    }
    rows_.insert(rows_.begin(), added.begin(), added.end());
    anchor_correction_ += added_h;
  } else if (n >= old && front == front_key_ && old > 0) {
    // New messages (or outbox entries) at the end; a confirmed entry may have moved,
    // so the last few rows are measured again.
    rows_.resize(n);
    for (size_t i = old > 4 ? old - 4 : 0; i < n; ++i) {
      rows_[i].height = estimate(msgs[i]);
      rows_[i].measured = false;
    }
  } else {
    rows_.assign(n, Row{});
    for (size_t i = 0; i < n; ++i) rows_[i].height = estimate(msgs[i]);
  }
  front_key_ = front;
  back_key_ = back;
}

void MessageList::rebuild_offsets() {
  offsets_.resize(rows_.size() + 1);
  float y = 0;
  for (size_t i = 0; i < rows_.size(); ++i) {
    offsets_[i] = y;
    y += rows_[i].height;
  }
  offsets_.back() = y;
  offsets_dirty_ = false;
}

size_t MessageList::first_visible(float scroll_y) const {
  // offsets_ is sorted: the last row whose top is at or above the scroll position.
  auto it = std::upper_bound(offsets_.begin(), offsets_.end() - 1, scroll_y);
  return it == offsets_.begin() ? 0 : static_cast<size_t>(it - offsets_.begin()) - 1;
}

MessageList::Layout MessageList::layout(const client::Chat& chat, const client::ChatMessage& m) {
  Layout l;
  const float line = ImGui::GetTextLineHeight();
  l.pad = line * 0.45f;
  const std::string& full = shown_text(m, l);
  const std::string k = key(m);
  l.full_bytes = full.size();
  l.text = unfolded_.contains(k) ? std::string_view(full) : cut_utf8(full, kFoldBytes);
  l.folded = l.text.size() < full.size();
  l.meta = meta_text(chat, m, now_ms());
  Wrapped& wrapped = wrapped_[k];
  wrapped.used = frame_;
  // A folded text is laid out at once; only an unfolded long one waits for its turn.
  const size_t before = wrapped.text.laid_out_bytes();
  const size_t budget = l.text.size() <= kFoldBytes ? l.text.size() : layout_budget_;
  wrapped.text.extend(l.text, *ImGui::GetFont(), ImGui::GetFontSize(), wrap_, budget);
  const size_t after = wrapped.text.laid_out_bytes();
  layout_budget_ -= std::min(layout_budget_, after >= before ? after - before : after);
  l.lines = &wrapped.text;
  laying_out_ |= !wrapped.text.complete();
  // An unfolded message grows at its bottom while it is laid out: what is above stays.
  grew_below_ = after != before && l.text.size() > kFoldBytes;
  const ImVec2 meta = ImGui::CalcTextSize(l.meta.c_str());
  float w = std::max(wrapped.text.widest(), meta.x);
  l.text_h = line * static_cast<float>(wrapped.text.size());
  l.meta_h = line;
  if (!m.outgoing) {
    l.name = m.sender;
    if (!chat.group && !chat.title.empty()) l.name = chat.title;
    if (chat.group && store_ != nullptr) l.name = client::member_name(*store_, m.sender);
    l.name_h = line;
    w = std::max(w, ImGui::CalcTextSize(l.name.c_str()).x);
  }
  if (m.context.has_value()) {
    l.card = card_text(*m.context);
    l.card_h = line * 1.3f;
    w = std::max(w, std::min(ImGui::CalcTextSize(l.card.c_str()).x + l.pad * 2, wrap_));
  }
  if (!l.note.empty()) {
    l.note_h = line * 1.4f;
    w = std::max(w, ImGui::CalcTextSize(l.note.c_str()).x + ImGui::GetFontSize() * 8);
  }
  if (!m.attachments.empty()) {
    l.files = AttachmentView::block_size(m);
    w = std::max(w, l.files.x);
  }
  if (l.folded || full.size() > kFoldBytes) {
    l.more_h = line * 1.4f;
    w = std::max(w, ImGui::CalcTextSize("Show more (999999 KB)").x);
  }
  l.bubble_w = w + l.pad * 2;
  l.bubble_h =
      l.pad * 2 + l.name_h + l.card_h + l.text_h + l.note_h + l.files.y + l.meta_h + l.more_h;
  l.row_h = l.bubble_h + line * 0.5f;
  return l;
}

const std::string& MessageList::shown_text(const client::ChatMessage& m, Layout& l) const {
  if (!m.translation) return m.text;
  const auto& t = *m.translation;
  const bool original = originals_.contains(key(m));
  switch (t.state) {
    case v1::TRANSLATION_STATE_UNSPECIFIED:
      l.note = "Translating…";
      return m.text;
    case v1::TRANSLATION_STATE_DONE:
      if (original) {
        l.note = "Original";
        return m.text;
      }
      l.translated = true;
      l.note =
          t.source_lang.empty() ? "Translated" : "Translated from " + language_word(t.source_lang);
      return t.text;
    default:
      l.note = "Not translated: " + t.error;
      return m.text;
  }
}

void MessageList::draw_note(const client::ChatMessage& m, const Layout& l, ImVec2 at) {
  ImGui::GetWindowDrawList()->AddText(at, palette::kTextMuted.packed(), l.note.c_str());
  probe::value("message." + std::to_string(m.seq) + ".note", l.note);
  if (!m.translation || m.translation->state != v1::TRANSLATION_STATE_DONE) return;
  ImGui::SetCursorScreenPos(
      ImVec2(at.x + ImGui::CalcTextSize(l.note.c_str()).x + ImGui::GetFontSize() * 0.6f, at.y - 2));
  const bool original = !l.translated;
  if (ImGui::SmallButton(original ? "Show translation" : "Show original")) {
    if (original) {
      originals_.erase(key(m));
    } else {
      originals_.insert(key(m));
    }
  }
  probe::item("message.toggle_original");
}

void MessageList::draw_row(ViewContext& ctx, const client::Chat& chat, size_t index, float y) {
  const client::ChatMessage& m = chat.messages[index];
  if (m.system) return draw_system_row(m, index, y);
  const Layout l = layout(chat, m);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float margin = ImGui::GetTextLineHeight() * 0.6f;
  ImGui::SetCursorPos(ImVec2(m.outgoing ? avail - l.bubble_w - margin : margin, y));
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 end(p.x + l.bubble_w, p.y + l.bubble_h);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float rounding = l.pad * 1.2f;
  if (m.outgoing) {
    draw->AddRectFilled(p, end, palette::kAccentSoft.packed(), rounding);
  } else {
    draw->AddRectFilled(p, end, palette::kPeerBubble.packed(), rounding);
    draw->AddRect(p, end, palette::kBorder.packed(), rounding);
  }
  ImGui::PushID(key(m).c_str());
  ImGui::InvisibleButton("##bubble", ImVec2(l.bubble_w, l.bubble_h));
  // The bubble takes the right click; its buttons (Show more, Show original, a photo)
  // are drawn over it and must still take the left one.
  ImGui::SetItemAllowOverlap();
  if (ImGui::BeginPopupContextItem("message_menu")) {
    if (ImGui::MenuItem("Copy text")) ImGui::SetClipboardText(m.text.c_str());
    if (!m.text.empty() && m.id > 0) {
      if (ImGui::MenuItem("Translate")) {
        originals_.erase(key(m));
        ctx.commands.translate_message(chat.id, m.id);
      }
      probe::item("message.translate");
    }
    ImGui::EndPopup();
  }
  probe::item("message." + std::to_string(m.seq));
  float ty = p.y + l.pad;
  const float tx = p.x + l.pad;
  if (!l.name.empty()) {
    draw->AddText(ImVec2(tx, ty), palette::kAccent.packed(), l.name.c_str());
    ty += l.name_h;
  }
  if (!l.card.empty()) {
    draw->AddRectFilled(ImVec2(tx - 2, ty), ImVec2(end.x - l.pad + 2, ty + l.card_h * 0.9f),
                        palette::kWindow.packed(), 3);
    draw->AddText(nullptr, 0, ImVec2(tx + 2, ty + 2), palette::kText.packed(), l.card.c_str(),
                  nullptr, wrap_);
    ty += l.card_h;
  }
  draw_text(m, l, ImVec2(tx, ty));
  ty += l.text_h;
  if (!l.note.empty()) {
    draw_note(m, l, ImVec2(tx, ty + 2));
    ty += l.note_h;
  }
  if (!m.attachments.empty()) {
    if (auto photo = AttachmentView::draw(ctx, chat, m, ImVec2(tx, ty + 2))) open_photo_ = photo;
    ty += l.files.y;
  }
  if (l.more_h > 0) {
    draw_fold_button(m, l, ImVec2(tx, ty + 2));
    ty += l.more_h;
  }
  const auto state = chat.state_of(m);
  Rgb meta_colour = palette::kTextMuted;
  if (state == client::MessageState::kRead) meta_colour = palette::kAccent;
  if (state == client::MessageState::kFailed) meta_colour = palette::kError;
  const float meta_w = ImGui::CalcTextSize(l.meta.c_str()).x;
  draw->AddText(ImVec2(end.x - l.pad - meta_w, ty), meta_colour.packed(), l.meta.c_str());
  ImGui::PopID();
  if (!rows_[index].measured || std::abs(rows_[index].height - l.row_h) > 0.5f) {
    rows_[index].height = l.row_h;
    rows_[index].measured = true;
    offsets_dirty_ = true;
  }
}

void MessageList::draw_text(const client::ChatMessage& m, const Layout& l, ImVec2 at) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const size_t n = l.lines->size();
  const float top = draw->GetClipRectMin().y, bottom = draw->GetClipRectMax().y;
  const size_t first = at.y >= top ? 0 : std::min(n, static_cast<size_t>((top - at.y) / line));
  size_t last = first;
  while (last < n && at.y + static_cast<float>(last) * line < bottom) ++last;
  for (size_t i = first; i < last; ++i) {
    const WrappedText::Line& ln = l.lines->line(i);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(),
                  ImVec2(at.x, at.y + static_cast<float>(i) * line), palette::kText.packed(),
                  l.text.data() + ln.begin, l.text.data() + ln.end);
  }
  if (!probe::enabled() || m.seq <= 0) return;
  // What a test needs to tell that every line of a long message can be reached.
  const std::string id = "message." + std::to_string(m.seq);
  probe::value(id + ".bytes", std::to_string(l.full_bytes));
  probe::value(id + ".layout", l.folded                    ? "folded"
                               : !l.lines->complete()      ? "laying-out"
                               : l.full_bytes > kFoldBytes ? "unfolded"
                                                           : "whole");
  if (last == first) return;
  const WrappedText::Line& end = l.lines->line(last - 1);
  const std::string_view shown = l.text.substr(end.begin, end.end - end.begin);
  const ImVec2 line_at(at.x, at.y + static_cast<float>(last - 1) * line);
  probe::value(id + ".drawn_to", std::to_string(end.end));
  probe::value(id + ".last_line", std::string(shown));
  probe::rect(id + ".last_line", line_at,
              ImVec2(line_at.x + ImGui::CalcTextSize(shown.data(), shown.data() + shown.size()).x,
                     line_at.y + line));
}

void MessageList::draw_fold_button(const client::ChatMessage& m, const Layout& l, ImVec2 at) {
  ImGui::SetCursorScreenPos(at);
  if (!l.lines->complete()) {
    const size_t percent = l.lines->laid_out_bytes() * 100 / std::max<size_t>(1, l.text.size());
    ImGui::TextDisabled("Laying out… %zu%%", percent);
    return;
  }
  if (l.folded) {
    const size_t hidden_kb = (l.full_bytes - l.text.size() + 1023) / 1024;
    const std::string label = "Show more (" + std::to_string(hidden_kb) + " KB)";
    if (ImGui::SmallButton(label.c_str())) {
      unfolded_.insert(key(m));
      keep_scroll_ = true;  // the user reads on from here, not from the message's end
    }
    probe::item("message." + std::to_string(m.seq) + ".show_more");
  } else {
    if (ImGui::SmallButton("Show less")) unfolded_.erase(key(m));
    probe::item("message." + std::to_string(m.seq) + ".show_less");
  }
}

void MessageList::forget_unused_layouts() {
  // Lines of messages not drawn for a while go; a short one is laid out again in
  // microseconds when it comes back.
  constexpr uint64_t kKeepFrames = 600;
  if (frame_ % kKeepFrames != 0) return;
  std::erase_if(wrapped_, [&](const auto& e) { return e.second.used + kKeepFrames < frame_; });
}

void MessageList::draw_system_row(const client::ChatMessage& m, size_t index, float y) {
  const float line = ImGui::GetTextLineHeight();
  const float avail = ImGui::GetContentRegionAvail().x;
  const ImVec2 size = ImGui::CalcTextSize(m.text.c_str(), nullptr, false, avail * 0.8f);
  ImGui::SetCursorPos(ImVec2(std::max(0.0f, (avail - size.x) * 0.5f), y + line * 0.3f));
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted.packed());
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + avail * 0.8f);
  ImGui::TextUnformatted(m.text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  const float row_h = size.y + line;
  if (!rows_[index].measured || std::abs(rows_[index].height - row_h) > 0.5f) {
    rows_[index].height = row_h;
    rows_[index].measured = true;
    offsets_dirty_ = true;
  }
}

void MessageList::draw(ViewContext& ctx, const client::Chat& chat, float height) {
  store_ = &ctx.store;
  ++frame_;
  layout_budget_ = kLayoutBytesPerFrame;
  laying_out_ = false;
  forget_unused_layouts();
  ImGui::BeginChild("history", ImVec2(0, height), false);
  const float width = ImGui::GetContentRegionAvail().x;
  char_width_ = std::max(4.0f, ImGui::CalcTextSize("abcdefghij").x / 10.0f);
  reconcile(chat, std::min(width * 0.72f, ImGui::GetFontSize() * 40));
  if (std::abs(width - width_) > 0.5f) width_ = width;
  if (offsets_dirty_) rebuild_offsets();

  float scroll = ImGui::GetScrollY();
  const float view_h = ImGui::GetWindowHeight();
  // At the bottom as of last frame's geometry (the wheel has moved `scroll` already).
  const bool follow = !keep_scroll_ && (first_frame_ || scroll >= last_max_scroll_ - 2);
  keep_scroll_ = false;
  if (anchor_correction_ != 0 || pending_scroll_ != 0) {
    scroll = std::max(0.0f, scroll + anchor_correction_ + pending_scroll_);
    ImGui::SetScrollY(scroll);
    anchor_correction_ = pending_scroll_ = 0;
  }
  // Measure what is on screen; a row above the top edge that grew or shrank would push
  // everything down or up, so the scroll position follows it.
  const size_t first = first_visible(scroll);
  float drawn_to = offsets_.empty() ? 0 : offsets_[first];
  rows_drawn_ = 0;
  for (size_t i = first; i < rows_.size() && drawn_to < scroll + view_h; ++i) {
    const float before = rows_[i].height;
    grew_below_ = false;
    draw_row(ctx, chat, i, drawn_to);
    drawn_to += rows_[i].height;
    ++rows_drawn_;
    if (i == first && offsets_[i] < scroll && !grew_below_) {
      anchor_correction_ += rows_[i].height - before;
    }
  }
  probe::value("chat.rows_drawn", std::to_string(rows_drawn_));
  probe::rect(
      "chat.history", ImGui::GetWindowPos(),
      ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowWidth(), ImGui::GetWindowPos().y + view_h));
  if (probe::enabled() && !chat.messages.empty()) {
    const auto& last = chat.messages.back();
    Layout shown;
    probe::value("chat.last_text", std::string(cut_utf8(last.text, 200)));
    probe::value("chat.last_shown", std::string(cut_utf8(shown_text(last, shown), 200)));
  }
  if (offsets_dirty_ || laying_out_) {
    // Settle the new geometry, or go on laying out a long message, next frame.
    if (offsets_dirty_) rebuild_offsets();
    ctx.pacer.redraw_within(0);
  }
  ImGui::SetCursorPos(ImVec2(0, offsets_.back()));
  ImGui::Dummy(ImVec2(1, 1));

  const float max_scroll = std::max(0.0f, offsets_.back() + 1 - view_h);
  if (follow && scroll < max_scroll - 1) {
    // Opening the chat, or new messages while at the bottom: follow them.
    ImGui::SetScrollY(max_scroll);
    ctx.pacer.redraw_within(0);
  }
  first_frame_ = false;
  last_max_scroll_ = max_scroll;
  if (scroll < view_h * 0.5f && chat.has_older && !chat.loading_older && !chat.messages.empty()) {
    ctx.commands.load_older(chat.id);
  }
  ImGui::EndChild();
}

}  // namespace souk::ui
