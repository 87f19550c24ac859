#include "client/core/store_updates.hpp"

#include <algorithm>

#include "client/core/store_groups.hpp"

namespace souk::client {

namespace {

constexpr auto kTypingShownFor = std::chrono::seconds(6);

ChatMessage from_proto(const v1::Message& m, const std::string& me) {
  ChatMessage out;
  out.seq = m.seq();
  out.id = m.id();
  out.sender = m.sender();
  out.client_msg_id = m.client_msg_id();
  out.text = m.text();
  out.lang = m.lang();
  if (m.has_context() && m.context().kind() != v1::MessageContext::KIND_UNSPECIFIED) {
    out.context = m.context();
  }
  out.time_ms = m.server_time_ms();
  out.outgoing = m.sender() == me;
  out.attachments.assign(m.attachments().begin(), m.attachments().end());
  for (const auto& t : m.translations()) out.translation = translation_from(t);
  out.system = m.has_system() && m.system().kind() != v1::GroupSystemEvent::KIND_UNSPECIFIED;
  if (out.system) out.change = m.system();
  return out;
}

std::string title_for(const Store& store, const std::string& peer) {
  const auto* card = store.contacts.find(peer);
  return card != nullptr && !card->display_name.empty() ? card->display_name : peer;
}

// Where the committed part of the chat ends (pending outbox entries follow it).
std::deque<ChatMessage>::iterator committed_end(Chat& chat) {
  return std::find_if(chat.messages.begin(), chat.messages.end(),
                      [](const ChatMessage& m) { return m.seq == 0; });
}

void insert_committed(Chat& chat, ChatMessage message) {
  auto end = committed_end(chat);
  auto at = std::lower_bound(chat.messages.begin(), end, message.seq,
                             [](const ChatMessage& m, int64_t seq) { return m.seq < seq; });
  if (at != end && at->seq == message.seq) {
    // A replayed or reloaded copy may come without the translation that arrived since.
    if (!message.translation) message.translation = std::move(at->translation);
    *at = std::move(message);
  } else {
    chat.messages.insert(at, std::move(message));
  }
}

void apply_receipt(Store& store, const v1::Receipt& r) {
  Chat* chat = store.chat_by_conversation(r.conversation_id());
  if (chat == nullptr) return;
  if (r.member_id() == store.me.member_id) {
    // Read on another of my devices.
    if (r.kind() == v1::Receipt::KIND_READ && r.up_to_seq() >= chat->last_seq) chat->unread = 0;
    return;
  }
  chat->peer_delivered_seq = std::max(chat->peer_delivered_seq, r.up_to_seq());
  if (r.kind() == v1::Receipt::KIND_READ) {
    chat->peer_read_seq = std::max(chat->peer_read_seq, r.up_to_seq());
  }
}

void apply_typing(Store& store, const v1::Typing& t) {
  Chat* chat = store.chat_by_conversation(t.conversation_id());
  if (chat == nullptr || t.member_id() == store.me.member_id) return;
  if (t.typing()) {
    chat->typing_until[t.member_id()] = std::chrono::steady_clock::now() + kTypingShownFor;
  } else {
    chat->typing_until.erase(t.member_id());
  }
}

}  // namespace

MemberCard card_from(const v1::UserCard& u) {
  MemberCard c;
  c.member_id = u.member_id();
  c.display_name = u.display_name();
  c.role = u.role();
  c.shop_name = u.shop_name();
  c.presence = u.presence().state() == v1::PRESENCE_UNSPECIFIED ? v1::PRESENCE_OFFLINE
                                                                : u.presence().state();
  c.status_text = u.presence().status_text();
  c.last_seen_ms = u.presence().last_seen_ms();
  c.is_contact = u.is_contact();
  c.request_pending = u.request_pending();
  return c;
}

void apply_account(Store& store, const v1::Account& a) {
  store.me.member_id = a.member_id();
  store.me.display_name = a.display_name();
  store.me.role = a.role();
  store.me.shop_name = a.shop_name();
}

void apply_contacts(Store& store, const v1::ListContactsResponse& list) {
  ContactBook book;
  book.loaded = true;
  for (const auto& g : list.groups()) {
    book.groups.push_back({g.id(), g.name(), g.is_default(), {}});
  }
  std::vector<const v1::Contact*> sorted;
  for (const auto& c : list.contacts()) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(),
            [](auto* a, auto* b) { return a->user().display_name() < b->user().display_name(); });
  for (const auto* c : sorted) {
    book.cards[c->user().member_id()] = card_from(c->user());
    auto group = std::find_if(book.groups.begin(), book.groups.end(),
                              [&](const auto& g) { return g.id == c->group_id(); });
    if (group == book.groups.end()) {
      group = std::find_if(book.groups.begin(), book.groups.end(),
                           [](const auto& g) { return g.is_default; });
    }
    if (group != book.groups.end()) group->members.push_back(c->user().member_id());
  }
  for (const auto& u : list.incoming_requests()) book.incoming_requests.push_back(card_from(u));
  for (const auto& u : list.outgoing_requests()) book.outgoing_requests.push_back(card_from(u));
  book.blocked.assign(list.blocked().begin(), list.blocked().end());
  store.contacts = std::move(book);
  // Search results follow the list: a card added here or on another device says so.
  for (auto& card : store.search.results) {
    card.is_contact = store.contacts.find(card.member_id) != nullptr;
    const auto& sent = store.contacts.outgoing_requests;
    card.request_pending = std::any_of(sent.begin(), sent.end(), [&](const MemberCard& c) {
      return c.member_id == card.member_id;
    });
  }
  for (auto& [id, chat] : store.chats) {
    if (!chat.group) chat.title = title_for(store, chat.peer);
  }
  name_group_changes(store);
}

void apply_presence(Store& store, const v1::Presence& p) {
  auto update = [&](MemberCard& c) {
    c.presence = p.state() == v1::PRESENCE_UNSPECIFIED ? v1::PRESENCE_OFFLINE : p.state();
    c.status_text = p.status_text();
    c.last_seen_ms = p.last_seen_ms();
  };
  apply_group_presence(store, p);
  if (p.member_id() == store.me.member_id) {
    store.me.presence = p.state();
    store.me.status_text = p.status_text();
    return;
  }
  if (auto it = store.contacts.cards.find(p.member_id()); it != store.contacts.cards.end()) {
    update(it->second);
  }
  for (auto& c : store.search.results) {
    if (c.member_id == p.member_id()) update(c);
  }
}

Chat& direct_chat(Store& store, const std::string& peer) {
  auto [it, fresh] = store.chats.try_emplace(ChatKey::direct(peer));
  if (fresh) {
    it->second.id = it->first;
    it->second.peer = peer;
    it->second.title = title_for(store, peer);
  }
  return it->second;
}

Chat* chat_for(Store& store, const v1::Message& m) {
  switch (m.conversation_kind()) {
    case v1::Conversation::KIND_GROUP:
      return &group_chat(store, m.conversation_id());
    case v1::Conversation::KIND_DIRECT: {
      // The reader's peer: the sender, or for the reader's own message (from any of their
      // devices) the member it went to.
      const std::string& peer = m.sender() == store.me.member_id ? m.recipient() : m.sender();
      if (peer.empty() || peer == store.me.member_id) break;
      Chat& chat = direct_chat(store, peer);
      chat.conversation_id = m.conversation_id();
      return &chat;
    }
    default:
      break;
  }
  // A message that does not say where it was said (one cached before the server said it)
  // goes where the conversation list put its conversation, or nowhere.
  return store.chat_by_conversation(m.conversation_id());
}

void apply_conversations(Store& store, const v1::ListConversationsResponse& list) {
  for (const v1::Conversation& c : list.conversations()) {
    const bool group = c.kind() == v1::Conversation::KIND_GROUP;
    if (!group && c.peer_member_id().empty()) continue;
    Chat& chat = group ? group_chat(store, c.id()) : direct_chat(store, c.peer_member_id());
    chat.conversation_id = c.id();
    if (!c.peer_display_name().empty()) chat.title = c.peer_display_name();
    if (group && !c.group_name().empty()) {
      chat.title = c.group_name();
      GroupInfo& info = store.groups.by_chat[chat.id];
      info.conversation_id = c.id();
      info.name = c.group_name();
      info.member_count = c.member_count();
    }
    chat.unread = c.unread_count();
    chat.last_seq = std::max(chat.last_seq, c.last_seq());
    if (c.has_last_message()) {
      chat.last_activity_ms = std::max(chat.last_activity_ms, c.last_message().server_time_ms());
      merge_messages(store, {c.last_message()}, false);
    }
  }
}

void merge_messages(Store& store, const std::vector<v1::Message>& messages, bool live) {
  for (const auto& m : messages) {
    // Only a committed message, with its conversation and seq, has a place in a timeline:
    // one without a seq would pass for an outbox entry, one without a conversation would
    // be filed by its sender until a later event moved it, and replays would get in again.
    if (m.seq() <= 0 || m.conversation_id() <= 0) continue;
    Chat* home = chat_for(store, m);
    if (home == nullptr) continue;
    Chat& chat = *home;
    ChatMessage message = from_proto(m, store.me.member_id);
    if (message.system) message.text = group_change_text(store, message);
    if (message.outgoing) {
      std::erase_if(chat.messages, [&](const ChatMessage& p) {
        return p.seq == 0 && p.client_msg_id == message.client_msg_id;
      });
    }
    if (live && !message.outgoing && !message.system && m.seq() > chat.last_seq) ++chat.unread;
    chat.last_seq = std::max(chat.last_seq, m.seq());
    chat.last_activity_ms = std::max(chat.last_activity_ms, m.server_time_ms());
    chat.typing_until.erase(m.sender());
    insert_committed(chat, std::move(message));
  }
}

void apply_events(Store& store, const v1::SubscribeResponse& batch) {
  std::vector<v1::Message> messages;
  for (const auto& e : batch.events()) {
    if (e.has_message()) {
      merge_messages(store, {e.message()}, true);
    } else if (e.has_receipt()) {
      apply_receipt(store, e.receipt());
    } else if (e.has_typing()) {
      apply_typing(store, e.typing());
    } else if (e.has_presence()) {
      apply_presence(store, e.presence());
    } else if (e.has_message_translated()) {
      apply_translation(store, e.message_translated());
    } else if (e.has_translation_settings()) {
      store.translation.settings = e.translation_settings();
    }
  }
}

MessageTranslation translation_from(const v1::MessageTranslated& t) {
  return {t.state(), t.source_lang(), t.target_lang(), t.text(), t.error()};
}

void apply_translation(Store& store, const v1::MessageTranslated& t) {
  ChatMessage* m = store.message(t.conversation_id(), t.message_id());
  if (m == nullptr || m->text.empty()) return;
  // A failure the server will retry does not replace a translation the user already has.
  if (m->translation && m->translation->state == v1::TRANSLATION_STATE_DONE &&
      t.state() != v1::TRANSLATION_STATE_DONE) {
    return;
  }
  m->translation = translation_from(t);
}

void add_pending(Store& store, const OutboxEntry& e) {
  if (e.chat.empty()) return;
  Chat& chat =
      e.chat.is_group() ? group_chat(store, e.chat.group_id()) : direct_chat(store, e.chat.peer());
  const bool known = std::any_of(chat.messages.begin(), chat.messages.end(), [&](auto& m) {
    return m.client_msg_id == e.client_msg_id && m.sender == store.me.member_id;
  });
  if (known) return;
  ChatMessage m;
  m.sender = store.me.member_id;
  m.client_msg_id = e.client_msg_id;
  m.text = e.text;
  m.context = e.context;
  m.time_ms = e.created_ms;
  m.outgoing = true;
  m.pending = true;
  m.failed = e.failed;
  m.attachments = e.attachments;
  chat.messages.push_back(std::move(m));
  chat.last_activity_ms = std::max(chat.last_activity_ms, e.created_ms);
}

void mark_pending_failed(Store& store, const ChatKey& chat_id, const std::string& client_msg_id,
                         const std::string& why) {
  Chat* chat = store.chat(chat_id);
  if (chat == nullptr) return;
  for (auto& m : chat->messages) {
    if (m.seq == 0 && m.client_msg_id == client_msg_id) m.failed = why;
  }
  chat->error = why;
}

}  // namespace souk::client
