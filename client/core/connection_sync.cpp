// The parts of Connection that bring server state down (contact and conversation lists)
// and push the outbox up.
#include "client/core/connection.hpp"
#include "client/core/store_updates.hpp"

namespace souk::client {

void Connection::refresh_contacts() {
  if (!online_) return;
  auto list = contacts_->list();
  if (!list) {
    if (!handle_failure(list.status())) {
      ui_.post([why = list.status().message()](Store& s) { s.errors.contacts = why; });
    }
    return;
  }
  cache_->save_contacts(*list);
  ui_.post([list = *list](Store& s) { apply_contacts(s, list); });
}

void Connection::refresh_conversations() {
  if (!online_) return;
  auto list = chat_->conversations();
  if (!list) {
    if (!handle_failure(list.status())) {
      ui_.post([why = list.status().message()](Store& s) { s.errors.general = why; });
    }
    return;
  }
  cache_->save_conversations(*list);
  known_conversations_.clear();
  for (const auto& c : list->conversations()) known_conversations_.insert(c.id());
  ui_.post([list = *list](Store& s) { apply_conversations(s, list); });
}

void Connection::learn_conversation(int64_t conversation_id) {
  if (conversation_id > 0 && !known_conversations_.contains(conversation_id)) {
    refresh_conversations();
  }
}

void Connection::refresh_translation() {
  if (!online_) return;
  auto settings = translation_->settings();
  auto languages = translation_->languages();
  if (!settings || !languages) {
    // Chat works without translation; only a lost connection is worth acting on.
    handle_failure(settings ? languages.status() : settings.status());
    return;
  }
  ui_.post([settings = *settings, languages = *languages](Store& s) {
    s.translation.loaded = true;
    s.translation.settings = settings;
    s.translation.targets.assign(languages.targets().begin(), languages.targets().end());
    s.translation.languages.assign(languages.languages().begin(), languages.languages().end());
  });
}

void Connection::flush_outbox() {
  if (!online_ || !cache_) return;
  for (const auto& entry : cache_->outbox()) {
    if (!entry.failed.empty()) continue;
    v1::SendMessageRequest request;
    if (entry.chat.empty()) continue;
    *request.mutable_to() = entry.chat.is_group() ? ChatClient::conversation(entry.chat.group_id())
                                                  : ChatClient::peer(entry.chat.peer());
    request.set_client_msg_id(entry.client_msg_id);
    request.set_text(entry.text);
    if (entry.context) *request.mutable_context() = *entry.context;
    for (const auto& a : entry.attachments) request.add_attachment_file_ids(a.file_id());
    auto sent = chat_->send(request);
    if (!sent) {
      if (handle_failure(sent.status())) return;  // stays queued for the next connection
      cache_->mark_failed(entry.client_msg_id, sent.status().message());
      ui_.post([chat = entry.chat, id = entry.client_msg_id, why = sent.status().message()](
                   Store& s) { mark_pending_failed(s, chat, id, why); });
      continue;
    }
    // The server has it (a resend after a crash gets the first copy back): now it leaves
    // the outbox.
    cache_->save_messages({sent->message()});
    cache_->remove_from_outbox(entry.client_msg_id);
    learn_conversation(sent->message().conversation_id());
    ui_.post([message = sent->message(), chat = entry.chat](Store& s) {
      if (Chat* c = s.chat(chat)) {
        if (c->conversation_id == 0) c->conversation_id = message.conversation_id();
        c->error.clear();
      }
      merge_messages(s, {message}, false);
    });
  }
}

}  // namespace souk::client
