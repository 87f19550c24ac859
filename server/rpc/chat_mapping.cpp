#include "server/rpc/chat_mapping.hpp"

#include "common/crypto.hpp"
#include "server/rpc/translation_mapping.hpp"

namespace souk::rpc {

using storage::EventKind;

domain::ConversationTarget to_target(const v1::ConversationRef& ref) {
  domain::ConversationTarget t;
  if (ref.has_conversation_id()) t.conversation_id = ref.conversation_id();
  if (ref.has_peer_member_id()) t.peer_member_id = ref.peer_member_id();
  return t;
}

void fill_attachment(const storage::FileRecord& f, v1::Attachment* out) {
  out->set_file_id(f.id);
  out->set_name(f.name);
  out->set_size(f.size);
  out->set_mime_type(f.mime_type);
  out->set_sha256_hex(hex_encode(f.sha256));
  out->set_width(f.width);
  out->set_height(f.height);
  out->set_created_at_ms(f.created_at_ms);
  out->set_uploader(f.owner_member_id);
}

void fill_message(const storage::MessageRecord& m, v1::Message* out, bool with_text) {
  out->set_id(m.id);
  out->set_conversation_id(m.conversation_id);
  out->set_seq(m.seq);
  out->set_sender(m.sender_member_id);
  out->set_client_msg_id(m.client_msg_id);
  if (with_text) out->set_text(m.text);
  out->set_lang(m.lang);
  if (m.context.kind != 0) {
    auto* c = out->mutable_context();
    c->set_kind(static_cast<v1::MessageContext::Kind>(m.context.kind));
    c->set_id(m.context.id);
    c->set_title(m.context.title);
    c->set_url(m.context.url);
  }
  out->set_server_time_ms(m.created_at_ms);
  if (m.system.kind != 0) {
    auto* s = out->mutable_system();
    s->set_kind(static_cast<v1::GroupSystemEvent::Kind>(m.system.kind));
    s->set_member_id(m.system.member_id);
    s->set_name(m.system.name);
  }
  for (const auto& f : m.attachments) fill_attachment(f, out->add_attachments());
  out->set_conversation_kind(static_cast<v1::Conversation::Kind>(m.conversation_kind));
  out->set_recipient(m.recipient_member_id);
}

void fill_event(const storage::EventRecord& e, v1::Event* out) {
  out->set_seq(e.seq);
  out->set_server_time_ms(e.created_at_ms);
  switch (e.kind) {
    case EventKind::kMessage:
      if (e.message) fill_message(*e.message, out->mutable_message());
      break;
    case EventKind::kDelivered:
    case EventKind::kRead: {
      auto* r = out->mutable_receipt();
      r->set_kind(e.kind == EventKind::kRead ? v1::Receipt::KIND_READ
                                             : v1::Receipt::KIND_DELIVERED);
      r->set_conversation_id(e.conversation_id);
      r->set_member_id(e.actor_member_id);
      r->set_up_to_seq(e.value);
      break;
    }
    case EventKind::kTyping: {
      auto* t = out->mutable_typing();
      t->set_conversation_id(e.conversation_id);
      t->set_member_id(e.actor_member_id);
      t->set_typing(e.value != 0);
      break;
    }
    case EventKind::kResyncRequired:
      out->mutable_resync_required()->set_oldest_available_seq(e.value);
      break;
    case EventKind::kContactRequestReceived:
    case EventKind::kContactRequestAccepted:
    case EventKind::kContactRequestDeclined:
    case EventKind::kContactAddedYou:
    case EventKind::kContactsChanged: {
      auto* c = out->mutable_contact();
      // Stored kinds 10..14 are ContactEvent kinds 1..5, in the same order.
      c->set_kind(static_cast<v1::ContactEvent::Kind>(static_cast<int>(e.kind) - 9));
      c->set_member_id(e.actor_member_id);
      break;
    }
    case EventKind::kPresence: {
      auto* p = out->mutable_presence();
      p->set_member_id(e.actor_member_id);
      p->set_state(static_cast<v1::PresenceState>(e.value));
      p->set_status_text(e.text);
      p->set_last_seen_ms(e.extra);
      break;
    }
    case EventKind::kMessageTranslated:
      if (e.translation) fill_translation(*e.translation, out->mutable_message_translated());
      break;
    case EventKind::kTranslationSettings:
      if (e.translation_settings) {
        fill_translation_settings(*e.translation_settings, out->mutable_translation_settings());
      }
      break;
  }
}

void fill_receipts(const domain::ReceiptCounts& counts, v1::MessageReceipts* out) {
  out->set_seq(counts.seq);
  out->set_member_count(counts.member_count);
  out->set_delivered_count(counts.delivered);
  out->set_read_count(counts.read);
}

}  // namespace souk::rpc
