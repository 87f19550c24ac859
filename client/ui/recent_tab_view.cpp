#include "client/ui/recent_tab_view.hpp"

#include <imgui.h>

#include "client/ui/format_time.hpp"
#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void RecentTabView::draw(ViewContext& ctx, bool groups_only) {
  const int64_t now = now_ms();
  int shown = 0;
  for (const client::Chat* chat : ctx.store.recent()) {
    if (groups_only && !chat->group) continue;
    ++shown;
    ImGui::PushID(chat->id.name().c_str());
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const std::string name = (groups_only ? "group_chat." : "recent.") + chat->id.name();
    // No AllowItemOverlap: with it ImGui ignores a click in the frame the pointer arrives
    // on the row from another item, so a quick click did nothing and opening took two.
    // What is drawn over the row (dot, texts, badge) takes no input.
    if (ImGui::Selectable("##row", ctx.store.focus == chat->id, ImGuiSelectableFlags_None,
                          ImVec2(0, line * 2))) {
      ctx.commands.open_chat_by_id(chat->id);
    }
    probe::item(name);
    const ImVec2 end = ImGui::GetItemRectMax();
    ImGui::SetCursorScreenPos(ImVec2(start.x + 4, start.y + 2));
    if (!chat->group) {
      const auto* card = ctx.store.contacts.find(chat->peer);
      presence_dot(card != nullptr ? card->presence : v1::PRESENCE_OFFLINE);
      ImGui::SameLine();
    }
    ImGui::TextUnformatted(chat->title.c_str());
    const auto* last = chat->last_message();
    if (last != nullptr) {
      const std::string when = message_time(last->time_ms, now);
      ImGui::SameLine(end.x - ImGui::GetWindowPos().x - ImGui::CalcTextSize(when.c_str()).x - 8);
      ImGui::TextDisabled("%s", when.c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(start.x + 4, start.y + line));
    ImGui::PushFont(ctx.fonts.small);
    const std::string preview = last != nullptr ? client::message_preview(*last) : "";
    ImGui::TextDisabled("%s", preview.c_str());
    probe::value(name + ".preview", preview);
    ImGui::PopFont();
    if (chat->unread > 0) {
      ImGui::SameLine(end.x - ImGui::GetWindowPos().x - ImGui::CalcTextSize("99+").x - 8);
      unread_badge(chat->unread);
    }
    ImGui::SetCursorScreenPos(ImVec2(start.x, end.y));
    ImGui::Dummy(ImVec2(0, 0));
    ImGui::PopID();
  }
  if (shown == 0) {
    muted_text(groups_only ? "No group chats yet." : "No conversations yet.");
  }
}

}  // namespace souk::ui
