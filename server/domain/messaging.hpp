#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "common/message_validation.hpp"
#include "server/domain/accounts.hpp"
#include "server/domain/commit_then_publish.hpp"
#include "server/domain/event_hub.hpp"
#include "server/domain/group_receipts.hpp"
#include "server/domain/visibility.hpp"
#include "server/storage/chat_records.hpp"
#include "server/storage/conversation_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"

namespace souk::domain {

struct MessagingSettings {
  int64_t max_message_bytes = kDefaultMaxMessageBytes;
  int history_page_default = 50;
  int history_page_max = 500;
  size_t max_page_bytes = 4 << 20;  // text per history page or conversation list
  int ack_flush_ms = 20;            // how long stream acks gather before one write
  int max_attachments = 32;
};

// A direct chat by the peer's member ID, or any conversation by id.
struct ConversationTarget {
  std::string peer_member_id;
  int64_t conversation_id = 0;
};

struct SendInput {
  ConversationTarget to;
  std::string client_msg_id;
  std::string text;
  std::string lang;
  storage::MessageContextRecord context;
  std::vector<std::string> attachment_file_ids;
};

struct SendOutput {
  std::shared_ptr<const storage::MessageRecord> message;
  bool duplicate = false;
};

struct HistoryPage {
  int64_t conversation_id = 0;
  std::vector<storage::MessageRecord> messages;
  bool has_more = false;
  int64_t peer_delivered_seq = 0;
  int64_t peer_read_seq = 0;
  std::vector<ReceiptCounts> receipts;  // groups only
};

struct ConversationInfo {
  int64_t id = 0;
  int kind = 1;  // souk.v1.Conversation.Kind
  std::string peer_member_id;
  std::string peer_display_name;
  std::optional<storage::MessageRecord> last_message;
  int64_t unread_count = 0;
  int64_t read_seq = 0;
  int64_t last_seq = 0;
  std::string group_name;
  int member_count = 0;
};

// Sending, the event log's acknowledgements, read marks, typing and history. Each write
// is one writer job; its events are published to live streams only after the commit.
class Messaging {
 public:
  Messaging(storage::Writer& writer, storage::ReaderPool& readers, const Clock& clock,
            EventHub& hub, boost::asio::thread_pool& pool, MessagingSettings settings);

  const MessagingSettings& settings() const { return settings_; }

  // Runs after each new message was committed and published to its members' streams,
  // with the members' account ids (translation starts here). Set before serving.
  using CommittedHook =
      std::function<void(std::shared_ptr<const storage::MessageRecord>, std::vector<int64_t>)>;
  void on_committed(CommittedHook hook) { committed_hook_ = std::move(hook); }

  void send(const Session& from, SendInput input, Reply<SendOutput> reply);
  // Everything up to ack_seq in this user's log has reached one of their devices.
  void ack(const Session& who, int64_t ack_seq, std::function<void(Status)> reply);
  // Like ack() without a reply. Stream acks are gathered for ack_flush_ms and written
  // together in one job, so a busy stream's acks cost one write per interval, not per batch.
  void ack_coalesced(const Session& who, int64_t ack_seq);
  void mark_read(const Session& who, const ConversationTarget& target, int64_t up_to_seq,
                 Reply<int64_t> reply);
  Status set_typing(const Session& who, const ConversationTarget& target, bool typing);

  Result<HistoryPage> history(const Session& who, const ConversationTarget& target,
                              int64_t before_seq, int64_t after_seq, int limit);
  Result<std::vector<ConversationInfo>> conversations(const Session& who);

  // Call inside a writer job that changed a conversation's members, so that the next
  // message fans out to the new set.
  void forget_members(int64_t conversation_id) { cache_.members.erase(conversation_id); }

  // The conversation the caller may see, or NOT_FOUND (which never reveals whether a
  // conversation they are not in exists), or PERMISSION_DENIED for a group they left.
  Result<int64_t> resolve_member_conversation(const Session& who, const ConversationTarget& target);
  // Like it, and also for a group they left: the part of the timeline they may read, which
  // is all that history and the files list may show them.
  Result<visibility::Window> readable_conversation(const Session& who,
                                                   const ConversationTarget& target);

 private:
  void flush_acks();

  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  EventHub& hub_;
  MessagingSettings settings_;
  CommittedHook committed_hook_;

  // Touched only inside writer jobs, which run one at a time: conversations and their
  // members change only through such jobs, so these never go stale. A rollback empties it.
  struct WriterCache {
    std::map<std::pair<int64_t, int64_t>, int64_t> direct;
    std::unordered_map<int64_t, std::vector<int64_t>> members;
    void bound();
  };
  int64_t direct_conversation(storage::Database& db, int64_t a, int64_t b, int64_t now);
  const std::vector<int64_t>& members_of(storage::Database& db, int64_t conversation_id);
  WriterCache cache_;

  std::mutex ack_mu_;
  std::unordered_map<int64_t, std::pair<Session, int64_t>> pending_acks_;
  bool ack_flush_scheduled_ = false;
  boost::asio::steady_timer ack_timer_;
};

}  // namespace souk::domain
