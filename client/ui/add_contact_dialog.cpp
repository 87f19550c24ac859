#include "client/ui/add_contact_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "client/ui/theme.hpp"
#include "client/ui/ui_probe.hpp"
#include "client/ui/widgets.hpp"

namespace souk::ui {

void AddContactDialog::draw(ViewContext& ctx) {
  if (open_) {
    ImGui::OpenPopup("Add a contact");
    open_ = false;
    focus_ = true;
    added_.clear();
    adding_.clear();
  }
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(em * 26, 0));
  // Centred every frame, so the dialog grows both ways as results come in instead of
  // running off the bottom of the window.
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("Add a contact", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    return;
  }
  probe::value("add.open", "yes");
  const auto& search = ctx.store.search;
  ImGui::TextUnformatted("Member ID or name");
  probe::item("add.label");
  probe::value("add.label", "Member ID or name");
  if (focus_) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  ImGui::SetNextItemWidth(em * 16);
  const bool enter = ImGui::InputTextWithHint("##member", "e.g. seller.liwei or Li Wei", &query_,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  probe::item("add.member_id");
  probe::value("add.member_id.focused", ImGui::IsItemActive() ? "yes" : "no");
  ImGui::SameLine();
  if ((primary_button("Search") || enter) && !query_.empty()) {
    ctx.commands.search(query_);
    added_.clear();
    adding_.clear();
    // Enter and the button both take the cursor out of the field; the next query is
    // typed straight away, as in any search box.
    focus_ = true;
  }
  probe::item("add.search");
  if (search.in_flight) {
    spinner("Searching…");
    ctx.pacer.redraw_within(1.0 / 30);
  } else if (!search.error.empty()) {
    error_text(search.error);
    probe::value("add.error", search.error);
  }
  if (!search.results.empty()) {
    // Many results scroll inside the dialog, which keeps Close on screen. The list is as
    // tall as its cards were last frame, up to a share of the window.
    const float most = ImGui::GetMainViewport()->WorkSize.y * 0.45f;
    ImGui::BeginChild("results", ImVec2(0, std::min(results_height_, most)));
    for (const auto& card : search.results) draw_card(ctx, card);
    results_height_ = ImGui::GetCursorPosY();
    ImGui::EndChild();
  }

  if (!added_.empty()) {
    if (!search.add_error.empty()) adding_.erase(added_);  // the card offers Add again
    if (!search.add_error.empty())
      error_text(search.add_error);
    else if (!search.add_outcome.empty())
      ImGui::TextWrapped("%s", search.add_outcome.c_str());
    probe::value("add.outcome", search.add_error.empty() ? search.add_outcome : search.add_error);
  }

  const auto& incoming = ctx.store.contacts.incoming_requests;
  if (!incoming.empty()) {
    ImGui::Separator();
    ImGui::TextUnformatted("Asking to add you");
    for (const auto& card : incoming) {
      ImGui::PushID(card.member_id.c_str());
      ImGui::Text("%s (%s)", card.display_name.c_str(), card.member_id.c_str());
      ImGui::SameLine();
      if (ImGui::SmallButton("Accept")) ctx.commands.answer_request(card.member_id, true);
      ImGui::SameLine();
      if (ImGui::SmallButton("Decline")) ctx.commands.answer_request(card.member_id, false);
      ImGui::PopID();
    }
  }
  ImGui::Separator();
  if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    ImGui::CloseCurrentPopup();
  }
  probe::item("add.close");
  ImGui::EndPopup();
}

void AddContactDialog::draw_card(ViewContext& ctx, const client::MemberCard& card) {
  ImGui::PushID(card.member_id.c_str());
  ImGui::Separator();
  presence_dot(card.presence, presence_label(card.presence));
  ImGui::SameLine();
  ImGui::PushFont(ctx.fonts.title);
  ImGui::TextUnformatted(card.display_name.c_str());
  ImGui::PopFont();
  ImGui::TextDisabled("%s%s%s · %s", card.member_id.c_str(), card.shop_name.empty() ? "" : " · ",
                      card.shop_name.c_str(), presence_label(card.presence));
  std::string state = "Add";
  if (card.is_contact) {
    state = "In contacts";
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("In contacts");
    ImGui::SameLine();
    if (ImGui::SmallButton("Open chat")) {
      ctx.commands.open_chat(card.member_id);
      ImGui::CloseCurrentPopup();
    }
  } else if (card.request_pending) {
    state = "Request sent";
    muted_text("Request sent — waiting for them to accept.");
  } else if (adding_.contains(card.member_id)) {
    state = "Adding";
    spinner("Adding…");
    ctx.pacer.redraw_within(1.0 / 30);
  } else {
    if (primary_button("Add")) {
      ctx.commands.add_contact(card.member_id);
      added_ = card.member_id;
      adding_.insert(card.member_id);
    }
    probe::item("add.add." + card.member_id);
  }
  probe::value("add.card." + card.member_id, state);
  ImGui::PopID();
}

}  // namespace souk::ui
