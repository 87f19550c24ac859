#include "client/ui/group_members_view.hpp"

#include <imgui.h>

#include "client/core/store_groups.hpp"
#include "client/ui/format_time.hpp"
#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void GroupMembersView::draw(ViewContext& ctx, const client::Chat& chat) {
  const client::GroupInfo* info = ctx.store.groups.find(chat.id);
  if (info == nullptr) {
    muted_text("Loading members…");
    return;
  }
  if (info->left) {
    muted_text("You are no longer a member of this group. Its history stays here.");
    probe::value("members.left", "yes");
    return;
  }
  if (!info->members_loaded) {
    if (!info->members_loading && ctx.store.connection.online()) {
      ctx.commands.load_members(chat.id);
    }
    spinner("Loading members…");
    ctx.pacer.redraw_within(1.0 / 30);
    return;
  }
  ImGui::Text("Members (%zu)", info->members.size());
  if (info->can_manage()) {
    if (ImGui::SmallButton("Add members")) add_.open();
    probe::item("members.add");
  }
  ImGui::Separator();
  std::string ids;
  for (const auto& m : info->members) {
    draw_member(ctx, *info, m);
    ids += (ids.empty() ? "" : ",") + m.member_id;
  }
  probe::value("members.list", ids);
  ImGui::Separator();
  if (info->busy) {
    spinner("Working…");
    ctx.pacer.redraw_within(1.0 / 30);
  }
  if (!info->error.empty()) {
    error_text(info->error);
    probe::value("members.error", info->error);
  } else if (!info->notice.empty()) {
    muted_text(info->notice);
  }
  if (info->can_leave()) {
    if (ImGui::SmallButton("Leave group")) {
      confirm_leave_ = true;
      open_confirm_ = true;
    }
    probe::item("members.leave");
  }
  draw_confirm(ctx, chat);
  add_.draw(ctx, chat);
}

void GroupMembersView::draw_member(ViewContext& ctx, const client::GroupInfo& info,
                                   const client::GroupMemberEntry& m) {
  ImGui::PushID(m.member_id.c_str());
  std::string tip = presence_label(m.presence);
  if (!m.status_text.empty()) tip += " — " + m.status_text;
  if (m.presence == v1::PRESENCE_OFFLINE && m.last_seen_ms > 0) {
    tip += "\nLast seen " + ago(m.last_seen_ms, now_ms()) + " ago";
  }
  const ImVec2 dot = presence_dot(m.presence, tip);
  const float r = ImGui::GetTextLineHeight() * 0.3f;
  probe::rect("members." + m.member_id + ".dot", ImVec2(dot.x - r, dot.y - r),
              ImVec2(dot.x + r, dot.y + r));
  probe::value("members." + m.member_id + ".presence", presence_label(m.presence));
  ImGui::SameLine();
  const bool me = m.member_id == ctx.store.me.member_id;
  // In a narrow panel the name gives way ("…"), never the role or Remove beside it.
  const ImGuiStyle& style = ImGui::GetStyle();
  const bool removable = !me && info.can_remove(m);
  const float remove_w = ImGui::CalcTextSize("Remove").x + style.FramePadding.x * 2;
  const char* role = m.role != v1::GROUP_ROLE_MEMBER ? client::role_label(m.role) : nullptr;
  float room = ImGui::GetContentRegionAvail().x;
  if (role != nullptr) room -= ImGui::CalcTextSize(role).x + style.ItemSpacing.x;
  if (removable) room -= remove_w + style.ItemSpacing.x;
  const std::string name = fitted_text(me ? m.name() + " (you)" : m.name(), room);
  ImGui::TextUnformatted(name.c_str());
  probe::item("members." + m.member_id);
  if (role != nullptr) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", role);
    probe::item("members." + m.member_id + ".role");
  }
  if (removable) {
    ImGui::SameLine(ImGui::GetContentRegionMax().x - remove_w);
    ImGui::BeginDisabled(info.busy);
    if (ImGui::SmallButton("Remove")) {
      confirm_remove_ = m.member_id;
      confirm_leave_ = false;
      open_confirm_ = true;
    }
    ImGui::EndDisabled();
    probe::item("members." + m.member_id + ".remove");
  }
  ImGui::PopID();
}

void GroupMembersView::draw_confirm(ViewContext& ctx, const client::Chat& chat) {
  if (open_confirm_) {
    ImGui::OpenPopup("Confirm");
    open_confirm_ = false;
  }
  if (!ImGui::BeginPopupModal("Confirm", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  probe::value("members.confirm", confirm_leave_ ? "leave" : confirm_remove_);
  const std::string question = confirm_leave_
                                   ? "Leave " + chat.title + "? Its history stays readable."
                                   : "Remove " + client::member_name(ctx.store, confirm_remove_) +
                                         " from " + chat.title + "?";
  ImGui::TextUnformatted(question.c_str());
  if (primary_button(confirm_leave_ ? "Leave" : "Remove")) {
    if (confirm_leave_) {
      ctx.commands.leave_group(chat.id);
    } else {
      ctx.commands.remove_member(chat.id, confirm_remove_);
    }
    ImGui::CloseCurrentPopup();
  }
  probe::item("members.confirm_yes");
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace souk::ui
