// The desktop client's store: what the server sends (event batches, history pages, lists)
// lands in it. The input is a series of records, each a kind byte, a little-endian 16-bit
// length and that many bytes of the kind's protobuf. After every record each chat keeps
// its committed messages in seq order with the outbox after them, and every view helper
// runs; an event batch or a page applied twice changes nothing the second time, as long as
// the input describes what a real server could send (see ServerModel).
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/stubs/logging.h>
#include "client/core/local_cache.hpp"
#include "client/core/store.hpp"
#include "client/core/store_groups.hpp"
#include "client/core/store_updates.hpp"
#include "fuzz/fuzz_check.hpp"
#include "souk/v1/groups.pb.h"

namespace {

using souk::fuzz::check;
namespace client = souk::client;
namespace v1 = souk::v1;

// What the user can see of the store, as text: equal texts, equal screens.
std::string digest(const client::Store& store) {
  std::ostringstream out;
  for (const auto& [id, chat] : store.chats) {
    out << id.name() << '|' << chat.conversation_id << '|' << chat.group << '|' << chat.peer << '|'
        << chat.title << '|' << chat.unread << '|' << chat.last_seq << '|'
        << chat.peer_delivered_seq << '|' << chat.peer_read_seq << '|' << chat.last_activity_ms
        << '\n';
    for (const auto& m : chat.messages) {
      out << ' ' << m.seq << '|' << m.id << '|' << m.sender << '|' << m.client_msg_id << '|'
          << m.text << '|' << m.pending << '|' << m.failed << '|' << m.system << '|'
          << (m.translation ? m.translation->text : "-") << '\n';
    }
  }
  out << store.contacts.cards.size() << '|' << store.groups.by_chat.size() << '\n';
  return out.str();
}

void check_store(const client::Store& store) {
  for (const auto& [id, chat] : store.chats) {
    bool in_outbox = false;
    int64_t previous = 0;
    bool first = true;
    for (const auto& m : chat.messages) {
      if (m.seq == 0) {
        in_outbox = true;
      } else {
        check(!in_outbox, "committed messages come before the outbox");
        check(first || m.seq > previous, "committed messages are in seq order, once each");
        previous = m.seq;
        first = false;
      }
      (void)client::message_preview(m);
      (void)chat.state_of(m);
      if (m.system) (void)client::group_change_text(store, m);
    }
    (void)chat.last_message();
    (void)chat.typing();
  }
}

template <class Proto>
bool parse(Proto& proto, const std::string& bytes) {
  return proto.ParseFromString(bytes);
}

// What every real soukd keeps true: one conversation per pair of members (a peer's
// direct messages always carry its id), a conversation is a peer's or a group's, and a
// position in a conversation holds one message. Inputs that break it describe no server;
// for them the store's structure is still checked, replays no longer.
class ServerModel {
 public:
  explicit ServerModel(std::string me) : me_(std::move(me)) {}
  bool consistent() const { return consistent_; }

  void group(int64_t id) { bind(owners_, id, std::string("#")); }
  void direct(int64_t id, const std::string& peer) {
    bind(owners_, id, peer);
    bind(peers_, peer, id);
  }
  void pending(const std::string& client_msg_id, const std::string& chat) {
    if (!chat.starts_with("#")) pending_[client_msg_id] = chat;
  }
  void message(const v1::Message& m) {
    if (m.seq() <= 0 || m.conversation_id() <= 0) return;  // the store files none of these
    bind(positions_, std::pair(m.conversation_id(), m.seq()), m.id());
    if (m.has_system() && m.system().kind() != v1::GroupSystemEvent::KIND_UNSPECIFIED) {
      return group(m.conversation_id());
    }
    if (auto it = owners_.find(m.conversation_id()); it != owners_.end() && it->second == "#") {
      return;
    }
    if (m.sender() != me_) return direct(m.conversation_id(), m.sender());
    if (auto it = pending_.find(m.client_msg_id()); it != pending_.end()) {
      direct(m.conversation_id(), it->second);
    }
  }

 private:
  template <class Map, class K, class V>
  void bind(Map& map, const K& key, const V& value) {
    auto [it, fresh] = map.try_emplace(key, value);
    if (!fresh && it->second != value) consistent_ = false;
  }

  std::string me_;
  bool consistent_ = true;
  std::map<int64_t, std::string> owners_;
  std::map<std::string, int64_t> peers_;
  std::map<std::pair<int64_t, int64_t>, int64_t> positions_;
  std::map<std::string, std::string> pending_;
};

void apply_twice(client::Store& store, const ServerModel& model, const auto& apply) {
  apply();
  if (!model.consistent()) return;
  const std::string once = digest(store);
  apply();
  const std::string twice = digest(store);
  check(twice == once, "a replayed batch or page changes nothing",
        "\nonce:\n" + once + "twice:\n" + twice);
}

void apply_record(client::Store& store, ServerModel& model, uint8_t kind,
                  const std::string& bytes) {
  switch (kind % 12) {
    case 0: {
      v1::SubscribeResponse batch;
      if (!parse(batch, bytes)) break;
      for (const auto& e : batch.events()) {
        if (e.has_message()) model.message(e.message());
      }
      apply_twice(store, model, [&] { client::apply_events(store, batch); });
      break;
    }
    case 1: {
      v1::GetHistoryResponse page;
      if (!parse(page, bytes)) break;
      const std::vector<v1::Message> messages(page.messages().begin(), page.messages().end());
      for (const auto& m : messages) model.message(m);
      apply_twice(store, model, [&] { client::merge_messages(store, messages, false); });
      break;
    }
    case 2: {
      v1::ListConversationsResponse list;
      if (!parse(list, bytes)) break;
      for (const auto& c : list.conversations()) {
        if (c.kind() == v1::Conversation::KIND_GROUP) {
          model.group(c.id());
        } else {
          model.direct(c.id(), c.peer_member_id());
        }
        if (c.has_last_message()) model.message(c.last_message());
      }
      client::apply_conversations(store, list);
      break;
    }
    case 3: {
      v1::ListContactsResponse contacts;
      if (parse(contacts, bytes)) client::apply_contacts(store, contacts);
      break;
    }
    case 4: {
      v1::Presence presence;
      if (parse(presence, bytes)) {
        client::apply_presence(store, presence);
        client::apply_group_presence(store, presence);
      }
      break;
    }
    case 5: {
      v1::Account account;
      if (parse(account, bytes)) client::apply_account(store, account);
      break;
    }
    case 6: {
      v1::GroupChat group;
      if (!parse(group, bytes)) break;
      model.group(group.conversation_id());
      client::apply_group(store, group);
      break;
    }
    case 7: {
      v1::ListGroupChatsResponse list;
      if (!parse(list, bytes)) break;
      for (const auto& g : list.groups()) model.group(g.conversation_id());
      client::apply_group_list(store, list);
      break;
    }
    case 8: {
      v1::GetMembersResponse members;
      // The kind byte's high part picks the conversation, among the first few.
      if (!parse(members, bytes)) break;
      model.group(kind / 12 + 1);
      client::apply_group_members(store, kind / 12 + 1, members);
      break;
    }
    case 9: {
      v1::MessageTranslated translated;
      if (parse(translated, bytes)) client::apply_translation(store, translated);
      break;
    }
    case 10: {
      // Something the user wrote: the message's chat ("#id" for a group) and ids.
      v1::Message m;
      if (!parse(m, bytes)) break;
      client::OutboxEntry entry;
      entry.client_msg_id = m.client_msg_id();
      entry.chat = m.sender().empty() ? client::ChatKey::group(m.conversation_id())
                                      : client::ChatKey::direct(m.sender());
      entry.text = m.text();
      entry.created_ms = m.server_time_ms();
      model.pending(entry.client_msg_id, entry.chat.name());
      client::add_pending(store, entry);
      if (m.seq() % 2 == 1)
        client::mark_pending_failed(store, entry.chat, entry.client_msg_id, "x");
      break;
    }
    default: {
      v1::Message m;
      if (parse(m, bytes)) {
        model.group(m.conversation_id());
        client::mark_group_left(store, m.conversation_id());
      }
      client::name_group_changes(store);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Strings that are not UTF-8 are refused by the parser, with a log line each time.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  client::Store store;
  store.me.member_id = "buyer.anna";
  store.me.display_name = "Anna";
  ServerModel model(store.me.member_id);
  size_t at = 0;
  while (at + 3 <= size) {
    const uint8_t kind = data[at];
    const size_t length = std::min<size_t>(data[at + 1] | (data[at + 2] << 8), size - at - 3);
    const std::string bytes(reinterpret_cast<const char*>(data + at + 3), length);
    at += 3 + length;
    apply_record(store, model, kind, bytes);
    check_store(store);
  }
  return 0;
}
