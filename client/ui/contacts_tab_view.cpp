#include "client/ui/contacts_tab_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "client/ui/format_time.hpp"
#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {
namespace {

bool contains_folded(const std::string& haystack, const std::string& needle) {
  auto it = std::search(
      haystack.begin(), haystack.end(), needle.begin(), needle.end(),
      [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
  return it != haystack.end();
}

bool matches(const client::MemberCard& card, const std::string& filter) {
  return filter.empty() || contains_folded(card.display_name, filter) ||
         contains_folded(card.member_id, filter) || contains_folded(card.shop_name, filter);
}

// TradeManager's order within a group: online, then busy or away, then offline. A stable
// sort keeps the names in order inside each rank.
int presence_rank(v1::PresenceState state) {
  switch (state) {
    case v1::PRESENCE_ONLINE:
      return 0;
    case v1::PRESENCE_BUSY:
    case v1::PRESENCE_AWAY:
      return 1;
    default:
      return 2;
  }
}

// Presence as the list may show it: during an outage nobody looks live.
v1::PresenceState shown_presence(const ViewContext& ctx, const client::MemberCard& card) {
  return ctx.store.presence_live() ? card.presence : v1::PRESENCE_UNSPECIFIED;
}

const char* shown_label(const ViewContext& ctx, const client::MemberCard& card) {
  return ctx.store.presence_live() ? presence_label(card.presence) : "Unknown";
}

std::string presence_tooltip(const ViewContext& ctx, const client::MemberCard& card) {
  if (!ctx.store.presence_live()) return "Unknown until Souk is connected again";
  std::string tip = presence_label(card.presence);
  if (!card.status_text.empty()) tip += " — " + card.status_text;
  if (!card.is_online() && card.last_seen_ms > 0) {
    tip += "\nLast seen " + ago(card.last_seen_ms, now_ms()) + " ago";
  }
  return tip;
}

}  // namespace

bool ContactsTabView::draw(ViewContext& ctx, const std::string& filter) {
  const auto& book = ctx.store.contacts;
  bool add_pressed = false;
  if (!ctx.store.errors.contacts.empty()) error_text(ctx.store.errors.contacts);
  draw_requests(ctx);
  draw_sent_requests(ctx);
  if (book.loaded && book.cards.empty() && book.incoming_requests.empty() &&
      book.outgoing_requests.empty()) {
    ImGui::Spacing();
    muted_text("No contacts yet. Add a seller by member ID.");
    add_pressed = primary_button("Add +");
    probe::item("contacts.empty_add");
  }
  for (const auto& group : book.groups) {
    ImGui::PushID(static_cast<int>(group.id));
    const std::string count =
        ctx.store.presence_live()
            ? std::to_string(book.online_in(group)) + "/" + std::to_string(group.members.size())
            : std::to_string(group.members.size());
    const std::string header = group.name + " (" + count + ")###group";
    ImGui::SetNextItemOpen(true, ImGuiCond_FirstUseEver);
    const bool open = ImGui::CollapsingHeader(header.c_str());
    probe::item("group." + group.name);
    if (ImGui::BeginPopupContextItem("group_menu")) {
      if (ImGui::MenuItem("Rename group…")) {
        rename_id_ = group.id;
        group_name_ = group.name;
        open_name_dialog_ = true;
      }
      if (ImGui::MenuItem("New group…")) {
        rename_id_ = 0;
        group_name_.clear();
        open_name_dialog_ = true;
      }
      if (!group.is_default && ImGui::MenuItem("Delete group")) {
        ctx.commands.delete_contact_group(group.id);
      }
      ImGui::EndPopup();
    }
    if (open) {
      std::vector<const client::MemberCard*> shown;
      for (const auto& id : group.members) {
        const auto* card = book.find(id);
        if (card != nullptr && matches(*card, filter)) shown.push_back(card);
      }
      std::stable_sort(shown.begin(), shown.end(), [&](const auto* a, const auto* b) {
        return presence_rank(shown_presence(ctx, *a)) < presence_rank(shown_presence(ctx, *b));
      });
      for (const auto* card : shown) draw_contact(ctx, *card, group.id);
    }
    ImGui::PopID();
  }
  if (book.loaded && !book.groups.empty()) {
    ImGui::Spacing();
    if (ImGui::SmallButton("+ New group")) {
      rename_id_ = 0;
      group_name_.clear();
      open_name_dialog_ = true;
    }
  }
  draw_group_dialogs(ctx);
  return add_pressed;
}

void ContactsTabView::draw_requests(ViewContext& ctx) {
  const auto& incoming = ctx.store.contacts.incoming_requests;
  if (incoming.empty()) return;
  const std::string header = "Requests (" + std::to_string(incoming.size()) + ")###requests";
  ImGui::SetNextItemOpen(true, ImGuiCond_FirstUseEver);
  if (!ImGui::CollapsingHeader(header.c_str())) return;
  for (const auto& card : incoming) {
    ImGui::PushID(card.member_id.c_str());
    presence_dot(shown_presence(ctx, card), presence_tooltip(ctx, card));
    ImGui::SameLine();
    ImGui::TextUnformatted(card.display_name.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", card.member_id.c_str());
    if (primary_button("Accept")) ctx.commands.answer_request(card.member_id, true);
    probe::item("request." + card.member_id + ".accept");
    ImGui::SameLine();
    if (ImGui::Button("Decline")) ctx.commands.answer_request(card.member_id, false);
    probe::item("request." + card.member_id + ".decline");
    ImGui::PopID();
  }
}

void ContactsTabView::draw_sent_requests(ViewContext& ctx) {
  const auto& outgoing = ctx.store.contacts.outgoing_requests;
  if (outgoing.empty()) return;
  const std::string header =
      "Sent requests (" + std::to_string(outgoing.size()) + ")###sent_requests";
  ImGui::SetNextItemOpen(true, ImGuiCond_FirstUseEver);
  const bool open = ImGui::CollapsingHeader(header.c_str());
  probe::item("sent_requests");
  if (!open) return;
  for (const auto& card : outgoing) {
    ImGui::PushID(card.member_id.c_str());
    ImGui::TextUnformatted(card.display_name.empty() ? card.member_id.c_str()
                                                     : card.display_name.c_str());
    probe::item("sent." + card.member_id);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", card.member_id.c_str());
    // Cancel first on its line: a narrow list never hides it.
    if (ImGui::SmallButton("Cancel")) ctx.commands.cancel_request(card.member_id);
    probe::item("sent." + card.member_id + ".cancel");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Withdraw the request");
    ImGui::SameLine();
    ImGui::TextDisabled("waiting for them to accept");
    ImGui::PopID();
  }
}

void ContactsTabView::draw_contact(ViewContext& ctx, const client::MemberCard& card,
                                   int64_t group_id) {
  ImGui::PushID(card.member_id.c_str());
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const bool focused = ctx.store.focus == client::ChatKey::direct(card.member_id);
  // No AllowItemOverlap: with it, ImGui drops a press made in the frame the pointer
  // arrives over the row from another widget (a quick hand on a busy machine), and opening
  // a chat took a second click. What is drawn over the row takes no input.
  if (ImGui::Selectable("##row", focused, ImGuiSelectableFlags_None, ImVec2(0, line * 1.6f))) {
    ctx.commands.open_chat(card.member_id);
  }
  probe::item("contact." + card.member_id);
  draw_contact_menu(ctx, card, group_id);
  const ImVec2 end = ImGui::GetItemRectMax();

  // The row's content, drawn over the selectable.
  ImGui::SetCursorScreenPos(ImVec2(start.x + 4, start.y + line * 0.3f));
  const ImVec2 dot = presence_dot(shown_presence(ctx, card), presence_tooltip(ctx, card));
  const float r = ImGui::GetTextLineHeight() * 0.3f;
  probe::rect("contact." + card.member_id + ".dot", ImVec2(dot.x - r, dot.y - r),
              ImVec2(dot.x + r, dot.y + r));
  probe::value("contact." + card.member_id + ".presence", shown_label(ctx, card));
  ImGui::SameLine();
  ImGui::TextUnformatted(card.display_name.empty() ? card.member_id.c_str()
                                                   : card.display_name.c_str());
  // Status text (or when they were last seen), then the shop: the shop never gives way.
  std::string detail;
  if (ctx.store.presence_live()) {
    detail = card.status_text;
    if (detail.empty() && !card.is_online() && card.last_seen_ms > 0) {
      detail = "seen " + ago(card.last_seen_ms, now_ms()) + " ago";
    }
  }
  if (!card.shop_name.empty()) detail += (detail.empty() ? "" : " · ") + card.shop_name;
  if (!detail.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", detail.c_str());
  }
  probe::value("contact." + card.member_id + ".detail", detail);
  const int64_t unread = ctx.store.unread_from(card.member_id);
  if (unread > 0) {
    const float badge_w = ImGui::CalcTextSize("99+").x;
    ImGui::SameLine(end.x - ImGui::GetWindowPos().x - badge_w - 8);
    unread_badge(unread);
    probe::value("contact." + card.member_id + ".unread", std::to_string(unread));
  }
  ImGui::SetCursorScreenPos(ImVec2(start.x, end.y));
  ImGui::Dummy(ImVec2(0, 0));
  ImGui::PopID();
}

void ContactsTabView::draw_contact_menu(ViewContext& ctx, const client::MemberCard& card,
                                        int64_t group_id) {
  if (!ImGui::BeginPopupContextItem("contact_menu")) return;
  ImGui::TextDisabled("%s", card.member_id.c_str());
  if (ImGui::MenuItem("Open chat")) ctx.commands.open_chat(card.member_id);
  if (ImGui::BeginMenu("Move to group")) {
    for (const auto& group : ctx.store.contacts.groups) {
      if (ImGui::MenuItem(group.name.c_str(), nullptr, group.id == group_id)) {
        ctx.commands.move_contact(card.member_id, group.id);
      }
    }
    ImGui::EndMenu();
  }
  if (ImGui::MenuItem("Rename group…")) {
    rename_id_ = group_id;
    for (const auto& g : ctx.store.contacts.groups) {
      if (g.id == group_id) group_name_ = g.name;
    }
    open_name_dialog_ = true;
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Remove")) ctx.commands.remove_contact(card.member_id);
  if (ImGui::MenuItem("Block")) ctx.commands.block(card.member_id, true);
  ImGui::EndPopup();
}

void ContactsTabView::draw_group_dialogs(ViewContext& ctx) {
  if (open_name_dialog_) {
    ImGui::OpenPopup("Contact group");
    open_name_dialog_ = false;
  }
  if (!ImGui::BeginPopupModal("Contact group", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    return;
  }
  ImGui::TextUnformatted(rename_id_ == 0 ? "Name of the new group" : "New name of the group");
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool enter =
      ImGui::InputText("##group_name", &group_name_, ImGuiInputTextFlags_EnterReturnsTrue);
  const bool ok = primary_button(rename_id_ == 0 ? "Create" : "Rename") || enter;
  if (ok && !group_name_.empty()) {
    if (rename_id_ == 0)
      ctx.commands.create_contact_group(group_name_);
    else
      ctx.commands.rename_contact_group(rename_id_, group_name_);
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace souk::ui
