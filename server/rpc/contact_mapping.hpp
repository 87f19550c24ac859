#pragma once

#include "server/domain/contacts.hpp"
#include "souk/v1/contacts.pb.h"

namespace souk::rpc {

void fill_presence(const std::string& member_id, const domain::PresenceView& view,
                   v1::Presence* out);
void fill_card(const domain::UserCard& card, v1::UserCard* out);
void fill_group(const storage::GroupRow& group, v1::ContactGroup* out);
void fill_contact_list(const domain::ContactList& list, v1::ListContactsResponse* out);

}  // namespace souk::rpc
