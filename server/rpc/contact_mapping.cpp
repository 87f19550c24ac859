#include "server/rpc/contact_mapping.hpp"

namespace souk::rpc {

void fill_presence(const std::string& member_id, const domain::PresenceView& view,
                   v1::Presence* out) {
  out->set_member_id(member_id);
  out->set_state(static_cast<v1::PresenceState>(view.state));
  out->set_status_text(view.status_text);
  out->set_last_seen_ms(view.last_seen_ms);
}

void fill_card(const domain::UserCard& card, v1::UserCard* out) {
  out->set_member_id(card.user.member_id);
  out->set_display_name(card.user.display_name);
  out->set_role(static_cast<v1::Role>(card.user.role));
  out->set_shop_name(card.user.shop_name);
  fill_presence(card.user.member_id, card.presence, out->mutable_presence());
  out->set_is_contact(card.is_contact);
  out->set_request_pending(card.request_pending);
}

void fill_group(const storage::GroupRow& group, v1::ContactGroup* out) {
  out->set_id(group.id);
  out->set_name(group.name);
  out->set_position(group.position);
  out->set_is_default(group.is_default);
}

void fill_contact_list(const domain::ContactList& list, v1::ListContactsResponse* out) {
  for (const auto& g : list.groups) fill_group(g, out->add_groups());
  for (const auto& [card, group] : list.contacts) {
    auto* c = out->add_contacts();
    fill_card(card, c->mutable_user());
    c->set_group_id(group);
  }
  for (const auto& card : list.incoming) fill_card(card, out->add_incoming_requests());
  for (const auto& card : list.outgoing) fill_card(card, out->add_outgoing_requests());
  for (const auto& id : list.blocked) out->add_blocked(id);
}

}  // namespace souk::rpc
