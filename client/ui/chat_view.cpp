#include "client/ui/chat_view.hpp"

#include <imgui.h>

#include "client/ui/theme.hpp"
#include "client/ui/transfers_view.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {
namespace {

std::string names(const client::Store& store, const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    const auto* card = store.contacts.find(id);
    if (!out.empty()) out += ", ";
    out += card != nullptr && !card->display_name.empty() ? card->display_name : id;
  }
  return out;
}

}  // namespace

void ChatView::draw_header(ViewContext& ctx, const client::Chat& chat) {
  if (chat.group) return draw_group_header(ctx, chat);
  const auto* card = ctx.store.contacts.find(chat.peer);
  ImGui::PushFont(ctx.fonts.title);
  ImGui::TextUnformatted(chat.title.c_str());
  ImGui::PopFont();
  if (card != nullptr) {
    if (!card->shop_name.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("— %s", card->shop_name.c_str());
    }
    ImGui::SameLine();
    presence_dot(card->presence);
    ImGui::SameLine();
    ImGui::TextDisabled("%s%s%s", presence_label(card->presence),
                        card->status_text.empty() ? "" : " · ", card->status_text.c_str());
  }
}

// The name, the member count and the panel's toggle on one line. However narrow the
// conversation (a small window with the member panel open), the toggle stays whole at the
// right: the name gives way first ("…"), and the count goes when it no longer fits.
void ChatView::draw_group_header(ViewContext& ctx, const client::Chat& chat) {
  const client::GroupInfo* info = ctx.store.groups.find(chat.id);
  std::string note;
  if (info != nullptr && info->left) {
    note = "· you are no longer a member";
  } else if (info != nullptr && info->member_count > 0) {
    note = "· " + std::to_string(info->member_count) + " members";
  }
  const char* toggle = show_members_ ? "Hide members" : "Members";
  const ImGuiStyle& style = ImGui::GetStyle();
  const float toggle_w = ImGui::CalcTextSize(toggle).x + style.FramePadding.x * 2;
  const float start_x = ImGui::GetCursorPosX();
  const float avail = ImGui::GetContentRegionAvail().x;
  ImGui::PushFont(ctx.fonts.title);
  const std::string title = fitted_text(chat.title, avail - toggle_w - style.ItemSpacing.x);
  ImGui::TextUnformatted(title.c_str());
  ImGui::PopFont();
  probe::item("chat.title");
  float used = ImGui::GetItemRectSize().x + style.ItemSpacing.x;
  const float note_w = ImGui::CalcTextSize(note.c_str()).x + style.ItemSpacing.x;
  if (!note.empty() && used + note_w + toggle_w <= avail) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", note.c_str());
    used += note_w;
  }
  ImGui::SameLine(start_x + std::max(used, avail - toggle_w));
  if (ImGui::SmallButton(toggle)) show_members_ = !show_members_;
  probe::item("chat.members_toggle");
}

void ChatView::draw_product(const client::Chat& chat) {
  if (!chat.product.has_value()) return;
  const auto& p = *chat.product;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, palette::kWindow.packed());
  const float h = ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetStyle().WindowPadding.y * 2;
  ImGui::BeginChild("product_card", ImVec2(0, h), true);
  ImGui::Text("%s: %s", p.kind() == v1::MessageContext::KIND_ORDER ? "Order" : "Product",
              p.title().empty() ? p.id().c_str() : p.title().c_str());
  if (!p.url().empty()) {
    ImGui::TextDisabled("%s", p.url().c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy link")) ImGui::SetClipboardText(p.url().c_str());
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
  probe::value("chat.product", p.title());
}

void ChatView::draw(ViewContext& ctx, const client::Chat& chat) {
  draw_header(ctx, chat);
  draw_product(chat);
  const auto typing = chat.typing();
  const auto* card = chat.group ? nullptr : ctx.store.contacts.find(chat.peer);
  const bool peer_offline = card != nullptr && !card->is_online();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const ImGuiStyle& style = ImGui::GetStyle();
  // Everything under the history, to the pixel, so that a small window never scrolls the
  // whole conversation: the typing line, the composer and its tools line below it.
  float below = style.ItemSpacing.y + line + composer_.height() + style.ItemSpacing.y +
                ImGui::GetFrameHeight() + style.WindowPadding.y;
  if (peer_offline) below += line * 1.4f + style.ItemSpacing.y;
  if (!chat.error.empty()) below += line;
  below += line * static_cast<float>(TransfersView::rows(ctx.store, chat.id));
  if (chat.loading_older) spinner("Loading older messages…");
  history_.draw(ctx, chat, std::max(line * 3, ImGui::GetContentRegionAvail().y - below));
  if (auto photo = history_.take_photo_to_open()) photo_viewer_.open(*photo, chat.id);
  photo_viewer_.draw(ctx);

  if (!typing.empty()) {
    ImGui::TextDisabled("%s %s typing…", names(ctx.store, typing).c_str(),
                        typing.size() == 1 ? "is" : "are");
    probe::value("chat.typing", names(ctx.store, typing));
    ctx.pacer.redraw_within(0.5);  // the indicator expires by itself
  } else {
    ImGui::TextUnformatted("");
  }
  if (peer_offline) {
    const std::string banner =
        chat.title + " is offline — your message will be delivered when they come online.";
    ImGui::PushStyleColor(ImGuiCol_ChildBg, palette::kBanner.packed());
    ImGui::BeginChild("offline_banner", ImVec2(0, line * 1.4f), false);
    ImGui::SetCursorPos(ImVec2(line * 0.4f, line * 0.2f));
    ImGui::TextUnformatted(banner.c_str());
    ImGui::EndChild();
    ImGui::PopStyleColor();
    probe::item("chat.offline_banner");
  }
  if (!chat.error.empty()) error_text(chat.error);
  TransfersView::draw(ctx, chat);
  composer_.draw(ctx, chat);
  probe::value("chat.pane_overflow", std::to_string(static_cast<int>(ImGui::GetScrollMaxY())));

  // Reading what is on screen clears the badge (and tells the sender "read").
  if (ctx.window_focused && chat.unread > 0) ctx.commands.mark_read(chat.id);
}

}  // namespace souk::ui
