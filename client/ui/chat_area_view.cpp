#include "client/ui/chat_area_view.hpp"

#include <imgui.h>

#include <algorithm>

#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

ChatView* ChatAreaView::front() {
  auto it = views_.find(front_);
  return it == views_.end() ? nullptr : it->second.get();
}

void ChatAreaView::draw(ViewContext& ctx) {
  const auto& store = ctx.store;
  bool select_focus = false;
  if (!store.focus.empty() &&
      (store.focus != seen_focus_ || store.focus_requests != seen_focus_requests_)) {
    seen_focus_ = store.focus;
    seen_focus_requests_ = store.focus_requests;
    if (std::find(open_.begin(), open_.end(), store.focus) == open_.end()) {
      open_.push_back(store.focus);
    }
    select_focus = true;
  }
  if (open_.empty()) {
    ImGui::Dummy(ImVec2(0, ImGui::GetContentRegionAvail().y * 0.35f));
    muted_text("Pick a contact on the left to start chatting.");
    front_ = {};
    return;
  }
  if (!ImGui::BeginTabBar(
          "chats", ImGuiTabBarFlags_AutoSelectNewTabs | ImGuiTabBarFlags_FittingPolicyScroll)) {
    return;
  }
  std::vector<client::ChatKey> closed;
  for (const auto& id : open_) {
    const auto* chat = store.chat(id);
    if (chat == nullptr) continue;
    std::string label = chat->title;
    if (chat->unread > 0) label += " (" + std::to_string(chat->unread) + ")";
    label += "###" + id.name();
    bool keep = true;
    const ImGuiTabItemFlags flags =
        select_focus && id == store.focus ? ImGuiTabItemFlags_SetSelected : 0;
    const bool visible = ImGui::BeginTabItem(label.c_str(), &keep, flags);
    probe::item("tab." + id.name());
    if (visible) {
      front_ = id;
      probe::value("chat.front", id.name());
      auto& view = views_[id];
      if (!view) view = std::make_unique<ChatView>();
      if (chat->group && view->members_shown()) {
        // A group's members stand on the right, as in TradeManager's group windows. In a
        // small window the panel narrows first, so the conversation keeps room to write.
        const float em = ImGui::GetFontSize();
        const float avail = ImGui::GetContentRegionAvail().x;
        const float panel_w =
            std::clamp(avail - em * 24, em * 10, std::max(em * 14, avail * 0.28f));
        ImGui::BeginChild("conversation", ImVec2(ImGui::GetContentRegionAvail().x - panel_w, 0));
        view->draw(ctx, *chat);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("members_panel", ImVec2(0, 0), true);
        members_[id].draw(ctx, *chat);
        ImGui::EndChild();
      } else {
        view->draw(ctx, *chat);
      }
      ImGui::EndTabItem();
    }
    if (!keep) closed.push_back(id);
  }
  ImGui::EndTabBar();
  for (const auto& id : closed) {
    open_.erase(std::remove(open_.begin(), open_.end(), id), open_.end());
    views_.erase(id);
    members_.erase(id);
    if (seen_focus_ == id) seen_focus_ = {};
  }
}

}  // namespace souk::ui
