#include "server/domain/messaging.hpp"

#include <algorithm>

#include "common/file_validation.hpp"
#include "common/validation.hpp"
#include "server/domain/visibility.hpp"
#include "server/storage/account_repository.hpp"
#include "server/storage/contact_repository.hpp"
#include "server/storage/conversation_repository.hpp"
#include "server/storage/event_repository.hpp"
#include "server/storage/file_repository.hpp"
#include "server/storage/group_repository.hpp"

namespace souk::domain {

using storage::Database;
using storage::EventKind;
using storage::EventRecord;

namespace {

Status validate_attachments(const std::vector<std::string>& ids, int max_attachments) {
  if (static_cast<int>(ids.size()) > max_attachments) {
    return resource_exhausted(std::to_string(ids.size()) + " attachments; max_attachments is " +
                              std::to_string(max_attachments));
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    if (auto s = validate_file_id(ids[i]); !s.ok()) return s;
    if (std::find(ids.begin(), ids.begin() + static_cast<ptrdiff_t>(i), ids[i]) !=
        ids.begin() + static_cast<ptrdiff_t>(i)) {
      return invalid_argument("file '" + ids[i] + "' is attached twice");
    }
  }
  return Status::Ok();
}

Status validate_send(const SendInput& in, const MessagingSettings& settings) {
  if (in.to.peer_member_id.empty() && in.to.conversation_id <= 0) {
    return invalid_argument("say who the message is for: a member ID or a conversation");
  }
  if (auto s = validate_message_text(in.text, settings.max_message_bytes,
                                     !in.attachment_file_ids.empty());
      !s.ok()) {
    return s;
  }
  if (auto s = validate_attachments(in.attachment_file_ids, settings.max_attachments); !s.ok()) {
    return s;
  }
  if (auto s = validate_client_msg_id(in.client_msg_id); !s.ok()) return s;
  if (auto s = validate_lang_tag(in.lang); !s.ok()) return s;
  return validate_message_context(in.context.kind, in.context.id, in.context.title, in.context.url);
}

// What a blocked sender hears, whichever way they named the chat. They are told (see
// docs/CONTACTS.md): a buyer must not believe an order reached a seller who will never read it.
Status refused_by(const std::string& peer_member_id) {
  return permission_denied("'" + peer_member_id + "' is not accepting messages from you");
}

// Receipts go to every other member of a direct chat. In a group they go only to those
// whose messages the receipt newly covers (from_seq, up_to_seq]: every member telling every
// other member would cost the square of the group's size in writes. A read receipt also goes
// to the reader, whose other devices clear their unread counts by it.
void append_receipt(Database& db, int64_t conversation_id, const Session& actor, EventKind kind,
                    int64_t from_seq, int64_t up_to_seq, int64_t now, EventHub::Delivery& out) {
  EventRecord e;
  e.kind = kind;
  e.conversation_id = conversation_id;
  e.actor_id = actor.account_id;
  e.actor_member_id = actor.member_id;
  e.value = up_to_seq;
  e.created_at_ms = now;
  std::vector<int64_t> audience;
  if (storage::find_group(db, conversation_id)) {
    audience = storage::senders_between(db, conversation_id, from_seq, up_to_seq, actor.account_id);
    if (kind == EventKind::kRead) audience.push_back(actor.account_id);
  } else {
    for (const auto& member : storage::conversation_members(db, conversation_id)) {
      if (member.account_id == actor.account_id && kind != EventKind::kRead) continue;
      audience.push_back(member.account_id);
    }
  }
  // Senders who left hear nothing more of the group, and a block stops receipts both ways.
  std::erase_if(audience, [&](int64_t account) {
    return !visibility::may_receive_signal(db, account, conversation_id, actor.account_id);
  });
  for (const int64_t account : audience) {
    EventRecord copy = e;
    copy.seq = storage::append_event(db, account, copy);
    out.emplace_back(account, std::move(copy));
  }
}

}  // namespace

Messaging::Messaging(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
                     EventHub& hub, boost::asio::thread_pool& pool, MessagingSettings settings)
    : writer_(writer),
      readers_(readers),
      clock_(clock),
      hub_(hub),
      settings_(settings),
      ack_timer_(pool) {
  writer_.on_rollback([this] { cache_ = WriterCache{}; });
}

void Messaging::send(const Session& from, SendInput in, Reply<SendOutput> reply) {
  if (auto s = validate_send(in, settings_); !s.ok()) return reply(s);

  int64_t peer_id = 0;
  std::string peer_member_id;
  if (in.to.conversation_id <= 0) {
    if (!is_valid_utf8(in.to.peer_member_id)) {
      return reply(invalid_argument("the member ID is not UTF-8"));
    }
    const std::string peer = fold_member_id(in.to.peer_member_id);
    auto account =
        readers_.with([&](Database& db) { return storage::find_account_by_member_id(db, peer); });
    if (!account) return reply(not_found("no member with ID '" + peer + "'"));
    if (account->id == from.account_id) {
      return reply(invalid_argument("you cannot send a message to yourself"));
    }
    peer_id = account->id;
    peer_member_id = account->member_id;
  }

  struct Outcome {
    SendOutput output;
    EventHub::Delivery delivery;
  };
  auto outcome = std::make_shared<Outcome>();
  auto message = std::make_shared<storage::MessageRecord>();
  message->sender_id = from.account_id;
  message->sender_member_id = from.member_id;
  message->client_msg_id = std::move(in.client_msg_id);
  message->text = std::move(in.text);
  message->lang = std::move(in.lang);
  message->context = std::move(in.context);
  const int64_t wanted_conversation = in.to.conversation_id;
  auto file_ids = std::make_shared<std::vector<std::string>>(std::move(in.attachment_file_ids));

  writer_.submit(
      [this, outcome, message, peer_id, peer_member_id, wanted_conversation,
       file_ids](Database& db) -> Status {
        if (auto existing = storage::find_message_by_client_id(db, message->sender_id,
                                                               message->client_msg_id)) {
          outcome->output = {std::make_shared<storage::MessageRecord>(std::move(*existing)), true};
          return Status::Ok();
        }
        const int64_t now = clock_.now_ms();
        int64_t conversation = wanted_conversation;
        if (conversation > 0) {
          const auto& members = members_of(db, conversation);
          if (std::find(members.begin(), members.end(), message->sender_id) == members.end()) {
            if (storage::find_departure(db, conversation, message->sender_id)) {
              return permission_denied("you are no longer a member of this group");
            }
            return not_found("no such conversation");
          }
          // A block holds however the chat is named: by its id as by the member ID.
          if (auto peer = visibility::blocking_peer(db, conversation, message->sender_id)) {
            return refused_by(*peer);
          }
        } else {
          if (storage::is_blocked(db, peer_id, message->sender_id)) {
            return refused_by(peer_member_id);
          }
          conversation = direct_conversation(db, message->sender_id, peer_id, now);
        }

        // Only files the sender may see: their own, or ones in messages they may read.
        for (const auto& id : *file_ids) {
          if (!visibility::may_see_file(db, message->sender_id, id)) {
            return not_found("no file '" + id + "' that you may send");
          }
          message->attachments.push_back(*storage::find_file(db, id));
        }
        message->conversation_id = conversation;
        message->seq = storage::next_conversation_seq(db, conversation, now);
        message->created_at_ms = now;
        message->id = storage::insert_message(db, *message);
        if (wanted_conversation > 0) {
          storage::load_place(db, *message);
        } else {
          // Addressed by member ID: the place is known, and the hottest path of a send
          // spares the lookup.
          message->conversation_kind = static_cast<int>(storage::ConversationKind::kDirect);
          message->recipient_member_id = peer_member_id;
        }
        storage::insert_attachments(db, message->id, message->attachments);

        EventRecord event;
        event.kind = EventKind::kMessage;
        event.conversation_id = conversation;
        event.message = message;
        event.created_at_ms = now;
        for (const int64_t member : members_of(db, conversation)) {
          EventRecord copy = event;
          copy.seq = storage::append_event(db, member, copy);
          outcome->delivery.emplace_back(member, std::move(copy));
        }
        outcome->output = {message, false};
        return Status::Ok();
      },
      [this, outcome, reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        std::vector<int64_t> members;
        for (const auto& [account, event] : outcome->delivery) members.push_back(account);
        if (!outcome->delivery.empty()) hub_.publish(std::move(outcome->delivery));
        const auto committed = outcome->output.message;
        const bool fresh = !outcome->output.duplicate;
        reply(std::move(outcome->output));
        if (fresh && committed_hook_) committed_hook_(committed, std::move(members));
      });
}

namespace {

// Moves one user's acked_seq and turns what it newly covers into delivered receipts.
void apply_ack(Database& db, const Session& who, int64_t ack_seq, int64_t now,
               EventHub::Delivery& out) {
  const auto range = storage::advance_acked_seq(db, who.account_id, ack_seq);
  if (range.to_inclusive == 0) return;
  for (const auto& high : storage::received_in_range(db, who.account_id, range)) {
    const auto before = storage::member_state(db, high.conversation_id, who.account_id);
    if (!before) continue;  // no longer a member
    if (storage::raise_delivered_seq(db, high.conversation_id, who.account_id,
                                     high.max_message_seq)) {
      append_receipt(db, high.conversation_id, who, EventKind::kDelivered, before->delivered_seq,
                     high.max_message_seq, now, out);
    }
  }
}

}  // namespace

void Messaging::ack(const Session& who, int64_t ack_seq, std::function<void(Status)> reply) {
  if (ack_seq <= 0) return reply(invalid_argument("ack_seq must be positive"));
  commit_then_publish(
      writer_, hub_,
      [this, who, ack_seq](Database& db, EventHub::Delivery& out) -> Status {
        // A seq past the newest event was never sent: acking it would mark as delivered
        // events that do not exist yet.
        if (const int64_t last = storage::last_event_seq(db, who.account_id); ack_seq > last) {
          return invalid_argument("ack_seq " + std::to_string(ack_seq) +
                                  " is past your newest event, " + std::to_string(last));
        }
        apply_ack(db, who, ack_seq, clock_.now_ms(), out);
        return Status::Ok();
      },
      std::move(reply));
}

void Messaging::ack_coalesced(const Session& who, int64_t ack_seq) {
  std::lock_guard lock(ack_mu_);
  auto [it, fresh] = pending_acks_.try_emplace(who.account_id, who, ack_seq);
  if (!fresh) it->second.second = std::max(it->second.second, ack_seq);
  if (ack_flush_scheduled_) return;
  ack_flush_scheduled_ = true;
  ack_timer_.expires_after(std::chrono::milliseconds(settings_.ack_flush_ms));
  ack_timer_.async_wait([this](const boost::system::error_code&) { flush_acks(); });
}

void Messaging::flush_acks() {
  std::unordered_map<int64_t, std::pair<Session, int64_t>> acks;
  {
    std::lock_guard lock(ack_mu_);
    acks.swap(pending_acks_);
    ack_flush_scheduled_ = false;
  }
  // A few members per write job, not all of them in one: each statement inside a job
  // walks the in-memory statement journal of everything the job has changed so far, so a
  // job's cost grows with the square of its size (5,000 members' acks in one job held the
  // writer for seconds). The jobs still share the writer's transaction and its fsync.
  constexpr size_t kAcksPerJob = 8;
  std::vector<std::pair<Session, int64_t>> chunk;
  auto submit = [&] {
    commit_then_publish(
        writer_, hub_,
        [this, chunk = std::move(chunk)](Database& db, EventHub::Delivery& out) -> Status {
          const int64_t now = clock_.now_ms();
          for (const auto& [who, ack_seq] : chunk) apply_ack(db, who, ack_seq, now, out);
          return Status::Ok();
        },
        [](Status) {});
    chunk = {};
  };
  for (auto& entry : acks) {
    chunk.push_back(std::move(entry.second));
    if (chunk.size() == kAcksPerJob) submit();
  }
  if (!chunk.empty()) submit();
}

void Messaging::mark_read(const Session& who, const ConversationTarget& target, int64_t up_to_seq,
                          Reply<int64_t> reply) {
  if (up_to_seq < 0) return reply(invalid_argument("up_to_seq must not be negative"));
  auto conversation = resolve_member_conversation(who, target);
  if (!conversation) return reply(conversation.status());
  auto read_seq = std::make_shared<int64_t>(0);
  commit_then_publish(
      writer_, hub_,
      [this, who, up_to_seq, read_seq, id = *conversation](Database& db,
                                                           EventHub::Delivery& out) -> Status {
        const auto me = storage::member_state(db, id, who.account_id);
        if (!me) return not_found("no such conversation");
        const int64_t last = storage::conversation_last_seq(db, id);
        // A seq past the newest message names nothing the caller could have read.
        if (up_to_seq > last) {
          return invalid_argument("up_to_seq " + std::to_string(up_to_seq) +
                                  " is past the conversation's newest message, " +
                                  std::to_string(last));
        }
        const int64_t target_seq = up_to_seq == 0 ? last : up_to_seq;
        *read_seq = std::max(me->read_seq, target_seq);
        if (storage::raise_read_seq(db, id, who.account_id, target_seq)) {
          append_receipt(db, id, who, EventKind::kRead, me->read_seq, target_seq, clock_.now_ms(),
                         out);
        }
        return Status::Ok();
      },
      [read_seq, reply = std::move(reply)](Status s) {
        if (!s.ok()) return reply(s);
        reply(*read_seq);
      });
}

void Messaging::WriterCache::bound() {
  // Plenty for the active conversations; past it, start over rather than grow.
  constexpr size_t kMaxEntries = 200'000;
  if (direct.size() > kMaxEntries) direct.clear();
  if (members.size() > kMaxEntries) members.clear();
}

int64_t Messaging::direct_conversation(Database& db, int64_t a, int64_t b, int64_t now) {
  const auto key = std::minmax(a, b);
  if (auto it = cache_.direct.find(key); it != cache_.direct.end()) return it->second;
  cache_.bound();
  auto found = storage::find_direct_conversation(db, a, b);
  const int64_t id = found ? *found : storage::create_direct_conversation(db, a, b, now);
  cache_.direct.emplace(key, id);  // dropped by the rollback hook if the job fails
  return id;
}

const std::vector<int64_t>& Messaging::members_of(Database& db, int64_t conversation_id) {
  auto it = cache_.members.find(conversation_id);
  if (it != cache_.members.end()) return it->second;
  cache_.bound();
  std::vector<int64_t> ids;
  for (const auto& m : storage::conversation_members(db, conversation_id)) {
    ids.push_back(m.account_id);
  }
  return cache_.members.emplace(conversation_id, std::move(ids)).first->second;
}

Status Messaging::set_typing(const Session& who, const ConversationTarget& target, bool typing) {
  auto conversation = resolve_member_conversation(who, target);
  if (!conversation) return conversation.status();
  std::vector<int64_t> others;
  readers_.with([&](Database& db) {
    for (const auto& member : storage::conversation_members(db, *conversation)) {
      if (member.account_id != who.account_id &&
          visibility::may_receive_signal(db, member.account_id, *conversation, who.account_id)) {
        others.push_back(member.account_id);
      }
    }
  });
  EventRecord e;
  e.kind = EventKind::kTyping;
  e.conversation_id = *conversation;
  e.actor_id = who.account_id;
  e.actor_member_id = who.member_id;
  e.value = typing ? 1 : 0;
  e.created_at_ms = clock_.now_ms();
  hub_.publish_ephemeral(std::move(others), std::move(e));
  return Status::Ok();
}

Result<int64_t> Messaging::resolve_member_conversation(const Session& who,
                                                       const ConversationTarget& target) {
  return readers_.with([&](Database& db) -> Result<int64_t> {
    if (target.conversation_id > 0) {
      if (!storage::member_state(db, target.conversation_id, who.account_id)) {
        if (storage::find_departure(db, target.conversation_id, who.account_id)) {
          return permission_denied("you are no longer a member of this group");
        }
        return not_found("no such conversation");
      }
      return target.conversation_id;
    }
    if (target.peer_member_id.empty()) {
      return invalid_argument("name the conversation: a member ID or a conversation id");
    }
    if (!is_valid_utf8(target.peer_member_id)) {
      return invalid_argument("the member ID is not UTF-8");
    }
    const std::string peer = fold_member_id(target.peer_member_id);
    auto account = storage::find_account_by_member_id(db, peer);
    if (!account) return not_found("no member with ID '" + peer + "'");
    auto id = storage::find_direct_conversation(db, who.account_id, account->id);
    if (!id) return not_found("no conversation with '" + peer + "' yet");
    return *id;
  });
}

}  // namespace souk::domain
