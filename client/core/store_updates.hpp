#pragma once

#include <string>
#include <vector>

#include "client/core/local_cache.hpp"
#include "client/core/store.hpp"
#include "souk/v1/auth.pb.h"
#include "souk/v1/chat.pb.h"
#include "souk/v1/contacts.pb.h"

namespace souk::client {

// How server data lands in the Store. Called on the UI thread only, from closures the
// worker posted; each is idempotent, so a replayed event or a reloaded page changes nothing.

MemberCard card_from(const v1::UserCard& user);
void apply_account(Store& store, const v1::Account& account);
void apply_contacts(Store& store, const v1::ListContactsResponse& contacts);
void apply_presence(Store& store, const v1::Presence& presence);
void apply_conversations(Store& store, const v1::ListConversationsResponse& list);

// The chat for a direct peer, created empty if new.
Chat& direct_chat(Store& store, const std::string& peer);
// The chat a committed message belongs to, as the message says (its conversation's kind,
// and in a direct chat its sender and recipient); created if new. A message that says
// nothing (cached before the server said it) goes to its listed conversation, or nullptr.
Chat* chat_for(Store& store, const v1::Message& message);

// Inserts committed messages in seq order, replacing the outbox entry with the same
// client_msg_id. `live` counts incoming ones as unread.
void merge_messages(Store& store, const std::vector<v1::Message>& messages, bool live);
void apply_events(Store& store, const v1::SubscribeResponse& batch);

MessageTranslation translation_from(const v1::MessageTranslated& translated);
// A translation pushed by the server (automatic translation) lands on its message.
void apply_translation(Store& store, const v1::MessageTranslated& translated);

// A message the user just wrote, shown as "not yet sent" until the server confirms it.
void add_pending(Store& store, const OutboxEntry& entry);
void mark_pending_failed(Store& store, const ChatKey& chat, const std::string& client_msg_id,
                         const std::string& why);

}  // namespace souk::client
