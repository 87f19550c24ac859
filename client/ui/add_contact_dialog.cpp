#include "client/ui/add_contact_dialog.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

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
  }
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(em * 26, 0));
  if (!ImGui::BeginPopupModal("Add a contact", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    return;
  }
  probe::value("add.open", "yes");
  const auto& search = ctx.store.search;
  ImGui::TextUnformatted("Member ID");
  if (focus_) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  ImGui::SetNextItemWidth(em * 16);
  const bool enter = ImGui::InputTextWithHint("##member", "e.g. seller.liwei", &member_id_,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  probe::item("add.member_id");
  ImGui::SameLine();
  if ((primary_button("Search") || enter) && !member_id_.empty()) {
    ctx.commands.search(member_id_);
    added_.clear();
  }
  probe::item("add.search");
  if (search.in_flight) {
    spinner("Searching…");
    ctx.pacer.redraw_within(1.0 / 30);
  } else if (!search.error.empty()) {
    error_text(search.error);
  } else if (!search.query.empty() && search.results.empty()) {
    muted_text("Nobody with the member ID \"" + search.query + "\".");
  }
  for (const auto& card : search.results) draw_card(ctx, card);

  if (!added_.empty()) {
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
  if (card.is_contact) {
    muted_text("Already a contact.");
    if (ImGui::Button("Open chat")) {
      ctx.commands.open_chat(card.member_id);
      ImGui::CloseCurrentPopup();
    }
  } else if (card.request_pending) {
    muted_text("Request sent — waiting for them to accept.");
  } else if (added_ != card.member_id) {
    if (primary_button("Add")) {
      ctx.commands.add_contact(card.member_id);
      added_ = card.member_id;
    }
    probe::item("add.add." + card.member_id);
  }
  ImGui::PopID();
}

}  // namespace souk::ui
