#include "server/domain/subscription.hpp"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/domain/event_hub.hpp"
#include "server/storage/event_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk::domain {
namespace {

using std::chrono::milliseconds;
using storage::Database;
using storage::EventKind;
using storage::EventRecord;

constexpr int64_t kAccount = 1;  // whose log is replayed
constexpr int64_t kSender = 2;   // who sends the messages
constexpr int64_t kConversation = 1;
constexpr auto kTimeout = std::chrono::seconds(30);
constexpr auto kQuiet = milliseconds(200);  // long enough for a stray batch to show up

// A FAKE EventSink standing in for a device's network stream. It records every batch and
// acknowledges it (Subscription::on_sent) from its own "network" thread, as a real stream's
// write completion would: either at once, or only after hold_acks(false) (a slow network).
class FakeSink : public EventSink {
 public:
  ~FakeSink() override { network_.join(); }

  void attach(std::shared_ptr<Subscription> subscription) {
    subscription_ = std::move(subscription);
  }
  Subscription& sub() { return *subscription_; }

  void send(std::vector<EventRecord> batch) override {
    std::lock_guard lock(mu_);
    if (closed_) ++sends_after_close_;
    if (unacked_) ++overlapping_sends_;  // at most one batch may be outstanding
    unacked_ = true;
    events_.insert(events_.end(), batch.begin(), batch.end());
    batches_.push_back(std::move(batch));
    changed_.notify_all();
    if (!holding_) post_ack();
  }

  // While held, batches stay unacknowledged (a slow network); releasing acks the last one.
  void hold_acks(bool hold) {
    std::lock_guard lock(mu_);
    holding_ = hold;
    if (!hold && unacked_ && !ack_posted_) post_ack();
  }
  // Closes the subscription; from then on, any send() is counted as a violation.
  void close() {
    subscription_->close();
    std::lock_guard lock(mu_);
    closed_ = true;
  }

  // Waits until pred() holds for the events received so far.
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds timeout = kTimeout) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return pred(events_); });
  }
  bool wait_for_stored(size_t n) {
    return wait([&](const auto& events) { return stored(events).size() >= n; });
  }

  // Seqs of the stored events received so far (ephemeral ones have none).
  static std::vector<int64_t> stored(const std::vector<EventRecord>& events) {
    std::vector<int64_t> seqs;
    for (const auto& e : events) {
      if (e.seq != 0) seqs.push_back(e.seq);
    }
    return seqs;
  }
  std::vector<int64_t> stored_seqs() { return stored(events()); }
  std::vector<EventRecord> events() { return locked(events_); }
  std::vector<std::vector<EventRecord>> batches() { return locked(batches_); }
  int overlapping_sends() { return locked(overlapping_sends_); }
  int sends_after_close() { return locked(sends_after_close_); }

 private:
  template <class T>
  T locked(const T& member) {
    std::lock_guard lock(mu_);
    return member;
  }
  void post_ack() {
    ack_posted_ = true;
    boost::asio::post(network_, [this] {
      {
        std::lock_guard lock(mu_);
        unacked_ = false;
        ack_posted_ = false;
      }
      subscription_->on_sent();
    });
  }

  std::shared_ptr<Subscription> subscription_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<EventRecord> events_;
  std::vector<std::vector<EventRecord>> batches_;
  bool holding_ = false;
  bool unacked_ = false;
  bool ack_posted_ = false;
  bool closed_ = false;
  int overlapping_sends_ = 0;
  int sends_after_close_ = 0;
  boost::asio::thread_pool network_{1};  // last: joined before the rest goes away
};

std::vector<int64_t> range(int64_t from, int64_t to) {
  std::vector<int64_t> out(static_cast<size_t>(to - from + 1));
  std::iota(out.begin(), out.end(), from);
  return out;
}

EventRecord typing(int64_t value) {
  return {.kind = EventKind::kTyping,
          .conversation_id = kConversation,
          .actor_id = kSender,
          .value = value};
}

int64_t count_typing(const std::vector<EventRecord>& events, int64_t value) {
  return std::count_if(events.begin(), events.end(), [&](const EventRecord& e) {
    return e.kind == EventKind::kTyping && e.value == value;
  });
}

class SubscriptionTest : public ::testing::Test {
 protected:
  SubscriptionTest() {
    write([](Database& db) {
      db.exec(
          "INSERT INTO accounts (id, member_id, display_name, role, password_hash, created_at_ms) "
          "VALUES (1, 'buyer', 'Buyer', 1, 'x', 0), (2, 'shop', 'Shop', 2, 'x', 0)");
      db.exec(
          "INSERT INTO conversations (id, kind, last_activity_ms, created_at_ms) "
          "VALUES (1, 1, 0, 0)");
      return Status::Ok();
    });
  }
  ~SubscriptionTest() override {
    for (auto& sink : sinks_) {
      sink->close();
      EXPECT_EQ(sink->overlapping_sends(), 0) << "a batch was sent before the last was acked";
    }
    pool_.join();  // the sinks' network threads are joined as they go
  }

  // A subscription of kAccount, with a fake sink of its own.
  FakeSink& open(Subscription::Limits limits = {}) {
    auto& sink = *sinks_.emplace_back(std::make_unique<FakeSink>());
    sink.attach(std::make_shared<Subscription>(kAccount, sink, readers_, pool_, limits));
    return sink;
  }

  void write(storage::Writer::Job job) {
    auto done = writer_.submit(std::move(job));
    if (done.wait_for(kTimeout) != std::future_status::ready) {
      throw std::runtime_error("the writer did not answer");
    }
    const Status s = done.get();
    if (!s.ok()) throw std::runtime_error("write failed: " + s.message());
  }

  // Appends one event per entry to kAccount's log in one transaction and returns them as
  // committed: a receipt for 0, else a message with a text of that many bytes.
  std::vector<EventRecord> append(const std::vector<size_t>& text_sizes) {
    auto out = std::make_shared<std::vector<EventRecord>>();
    write([out, text_sizes](Database& db) {
      for (const size_t size : text_sizes) {
        EventRecord e;
        e.conversation_id = kConversation;
        e.actor_id = kSender;
        e.actor_member_id = "shop";
        e.created_at_ms = 1'000;
        if (size == 0) {
          e.kind = EventKind::kDelivered;
          e.value = 1;
        } else {
          auto m = std::make_shared<storage::MessageRecord>();
          m->conversation_id = kConversation;
          m->sender_id = kSender;
          m->sender_member_id = "shop";
          m->text = std::string(size, static_cast<char>('a' + out->size() % 26));
          auto insert = db.prepare(
              "INSERT INTO messages (conversation_id, seq, sender_id, client_msg_id, text, "
              "created_at_ms) SELECT ?1, coalesce(max(seq), 0) + 1, ?2, "
              "'c' || (coalesce(max(seq), 0) + 1), ?3, 0 FROM messages RETURNING id, seq");
          if (!insert.bind_all(kConversation, kSender, std::string_view(m->text)).step()) {
            return Status(Code::kInternal, "no message inserted");
          }
          m->id = insert.int64(0);
          m->seq = insert.int64(1);
          e.kind = EventKind::kMessage;
          e.message = m;
        }
        e.seq = storage::append_event(db, kAccount, e);
        out->push_back(std::move(e));
      }
      return Status::Ok();
    });
    return *out;
  }
  std::vector<EventRecord> append(int receipts) {
    return append(std::vector<size_t>(static_cast<size_t>(receipts), 0));
  }

  // What retention does: deletes the oldest events, up to seq `up_to`.
  void trim_log(int64_t up_to) {
    write([up_to](Database& db) {
      db.prepare("DELETE FROM events WHERE account_id = ? AND seq <= ?")
          .bind_all(kAccount, up_to)
          .run();
      return Status::Ok();
    });
  }

  // Ephemeral events only ever go out through the live path, so one that comes through
  // proves the subscription is live. Each probe carries its own value (from 1000 up).
  bool wait_until_live(FakeSink& sink) {
    for (int64_t probe = 1000; probe < 1000 + 500; ++probe) {
      sink.sub().publish_ephemeral(typing(probe));
      auto seen = [&](const auto& events) { return count_typing(events, probe) > 0; };
      if (sink.wait(seen, milliseconds(20))) return true;
    }
    return false;
  }

  // A sentinel instead of a wait to see that nothing more comes: an ephemeral event goes
  // out after everything the subscription had to send before it (a replay or a read from
  // SQLite included), so once it has arrived, so has any stray or repeated event.
  bool settled(FakeSink& sink) {
    const int64_t sentinel = next_sentinel_++;
    sink.sub().publish_ephemeral(typing(sentinel));
    return sink.wait([&](const auto& events) { return count_typing(events, sentinel) > 0; });
  }

  test::TempDir dir_;
  int64_t next_sentinel_ = 5000;  // apart from wait_until_live's probes
  storage::Writer writer_{dir_ / "souk.db", "FULL"};
  storage::ReaderPool readers_{dir_ / "souk.db", 2};
  boost::asio::thread_pool pool_{2};
  std::vector<std::unique_ptr<FakeSink>> sinks_;
};

TEST_F(SubscriptionTest, ReplaysTheWholeLogInOrderFromZero) {
  append(1200);  // more than two replay pages
  auto& sink = open();
  sink.sub().start(0);
  ASSERT_TRUE(sink.wait_for_stored(1200));
  EXPECT_EQ(sink.stored_seqs(), range(1, 1200));
  EXPECT_GE(sink.batches().size(), 3u);
  for (const auto& e : sink.events()) EXPECT_EQ(e.actor_member_id, "shop") << e.seq;
}

TEST_F(SubscriptionTest, SinceSeqSkipsWhatTheDeviceAlreadyHas) {
  append(20);
  auto& sink = open();
  sink.sub().start(7);
  ASSERT_TRUE(sink.wait_for_stored(13));
  ASSERT_TRUE(settled(sink));
  EXPECT_EQ(sink.stored_seqs(), range(8, 20));
  for (const auto& e : sink.events()) EXPECT_NE(e.kind, EventKind::kResyncRequired);
}

TEST_F(SubscriptionTest, HandsOverFromReplayToLiveExactlyOnce) {
  append(5);  // committed before the device subscribed
  auto& sink = open({.replay_page = 3});
  // Committed after the subscription was registered but before start(): queued, and also
  // read by the replay.
  sink.sub().publish(append(2));
  sink.hold_acks(true);
  sink.sub().start(0);
  ASSERT_TRUE(sink.wait_for_stored(1));
  // Committed and published while the replay is still under way.
  for (int i = 0; i < 3; ++i) sink.sub().publish(append(1));
  sink.hold_acks(false);
  ASSERT_TRUE(sink.wait_for_stored(10));
  ASSERT_TRUE(settled(sink));
  EXPECT_EQ(sink.stored_seqs(), range(1, 10));

  // And live from here on.
  sink.sub().publish(append(1));
  ASSERT_TRUE(sink.wait_for_stored(11));
  ASSERT_TRUE(settled(sink));
  EXPECT_EQ(sink.stored_seqs(), range(1, 11));
}

TEST_F(SubscriptionTest, FillsAHoleInTheLiveQueueFromSqlite) {
  append(3);
  auto& sink = open();
  sink.sub().start(0);
  ASSERT_TRUE(sink.wait_for_stored(3));
  ASSERT_TRUE(wait_until_live(sink));

  const auto only_in_db = append(1);  // seq 4: its publish is lost
  ASSERT_EQ(only_in_db.at(0).seq, 4);
  const auto five = append(1);
  ASSERT_EQ(five.at(0).seq, 5);
  sink.sub().publish(five);
  ASSERT_TRUE(sink.wait_for_stored(5));
  ASSERT_TRUE(settled(sink));
  EXPECT_EQ(sink.stored_seqs(), range(1, 5));
}

TEST_F(SubscriptionTest, OverflowFallsBackToSqliteAndLosesNothing) {
  auto& sink = open({.max_queued = 10});
  sink.sub().start(0);
  ASSERT_TRUE(wait_until_live(sink));
  sink.hold_acks(true);
  for (int i = 0; i < 50; ++i) sink.sub().publish(append(1));
  ASSERT_TRUE(sink.wait_for_stored(1));
  std::this_thread::sleep_for(kQuiet);
  // One batch is outstanding and unacknowledged: nothing else may be sent meanwhile. (It
  // holds 1, or a few more if the last probe's ack was still on its way.)
  const auto held = sink.stored_seqs();
  EXPECT_EQ(held, range(1, static_cast<int64_t>(held.size())));
  EXPECT_LT(held.size(), 50u);
  int stored_batches = 0;
  for (const auto& batch : sink.batches()) stored_batches += batch.back().seq != 0 ? 1 : 0;
  EXPECT_EQ(stored_batches, 1);

  sink.hold_acks(false);
  ASSERT_TRUE(sink.wait_for_stored(50));
  ASSERT_TRUE(settled(sink));
  EXPECT_EQ(sink.stored_seqs(), range(1, 50));
}

TEST_F(SubscriptionTest, QueuedBytesPastTheBoundAreReadFromSqliteInstead) {
  auto& sink = open({.max_queued_bytes = 3'000});
  sink.sub().start(0);
  ASSERT_TRUE(wait_until_live(sink));
  sink.hold_acks(true);
  std::vector<EventRecord> published;
  for (int i = 0; i < 10; ++i) {
    auto events = append(std::vector<size_t>{1'000});
    published.insert(published.end(), events.begin(), events.end());
    sink.sub().publish(events);
  }
  ASSERT_TRUE(sink.wait_for_stored(1));
  sink.hold_acks(false);
  ASSERT_TRUE(sink.wait_for_stored(10));
  ASSERT_TRUE(settled(sink));
  EXPECT_EQ(sink.stored_seqs(), range(1, 10));
  // Ten 1000-byte texts do not fit in 3000 bytes: the queue was dropped, and what it held
  // came again from SQLite (records of their own), not from memory.
  int from_sqlite = 0;
  for (const auto& e : sink.events()) {
    if (e.seq == 0) continue;
    const auto& sent = published.at(static_cast<size_t>(e.seq - 1));
    ASSERT_NE(e.message, nullptr);
    EXPECT_EQ(e.message->text, sent.message->text);
    from_sqlite += e.message != sent.message ? 1 : 0;
  }
  EXPECT_GT(from_sqlite, 0);
}

TEST_F(SubscriptionTest, AnEventLargerThanTheQueueBoundStillGoesLive) {
  auto& sink = open({.max_queued_bytes = 3'000});
  sink.sub().start(0);
  ASSERT_TRUE(wait_until_live(sink));
  const auto big = append(std::vector<size_t>{10'000});
  sink.sub().publish(big);
  ASSERT_TRUE(sink.wait_for_stored(1));
  // Shared with the publisher, not read again: alone in the queue it was kept.
  EXPECT_EQ(sink.events().back().message, big.at(0).message);
}

TEST_F(SubscriptionTest, BatchBytesSplitsAReplay) {
  constexpr size_t kBatchBytes = 2'500;
  const auto stored = append({1'000, 1'000, 1'000, 5'000, 1'000, 1'000, 1'000});
  auto& sink = open({.batch_bytes = kBatchBytes});
  sink.sub().start(0);
  ASSERT_TRUE(sink.wait_for_stored(stored.size()));
  EXPECT_EQ(sink.stored_seqs(), range(1, 7));

  const auto batches = sink.batches();
  // At most two 1000-byte texts fit in a batch, and the 5000-byte one travels alone.
  EXPECT_GE(batches.size(), 5u);
  for (const auto& batch : batches) {
    ASSERT_FALSE(batch.empty());
    size_t text_bytes = 0;
    for (const auto& e : batch) text_bytes += e.message ? e.message->text.size() : 0;
    if (batch.size() > 1) EXPECT_LE(text_bytes, kBatchBytes) << "batch from " << batch[0].seq;
  }
  const auto events = sink.events();
  ASSERT_EQ(events.size(), stored.size());
  for (size_t i = 0; i < events.size(); ++i) {
    ASSERT_NE(events[i].message, nullptr);
    EXPECT_EQ(events[i].message->text, stored[i].message->text) << "seq " << events[i].seq;
  }
}

TEST_F(SubscriptionTest, TypingWaitsForTheReplayThenFlowsLive) {
  append(5);
  auto& sink = open({.replay_page = 2});
  sink.hold_acks(true);
  sink.sub().start(0);
  ASSERT_TRUE(sink.wait_for_stored(1));
  // Replaying: held back until the replay is done (subscription.hpp), not sent in between.
  sink.sub().publish_ephemeral(typing(7));
  sink.hold_acks(false);
  ASSERT_TRUE(sink.wait([](const auto& events) { return count_typing(events, 7) > 0; }));
  auto events = sink.events();
  EXPECT_EQ(sink.stored_seqs(), range(1, 5));
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[5].kind, EventKind::kTyping);  // after the whole replay
  EXPECT_EQ(events[5].seq, 0);

  // Live (the typing event above could only go out live): in order with stored events.
  sink.sub().publish_ephemeral(typing(8));
  sink.sub().publish(append(1));
  sink.sub().publish_ephemeral(typing(9));
  ASSERT_TRUE(sink.wait([](const auto& events) { return count_typing(events, 9) > 0; }));
  ASSERT_TRUE(settled(sink));
  events = sink.events();
  ASSERT_EQ(events.size(), 10u);  // 1..5, typing 7, typing 8, 6, typing 9, the sentinel
  EXPECT_EQ(events[6].kind, EventKind::kTyping);
  EXPECT_EQ(events[6].value, 8);
  EXPECT_EQ(events[7].seq, 6);
  EXPECT_EQ(events[8].value, 9);
  EXPECT_EQ(count_typing(events, 7), 1);
  EXPECT_EQ(sink.stored_seqs(), range(1, 6));
}

TEST_F(SubscriptionTest, ResyncWhenRetentionTrimmedPastSinceSeq) {
  append(8);
  trim_log(5);

  auto& trimmed = open();
  trimmed.sub().start(2);
  ASSERT_TRUE(trimmed.wait_for_stored(3));
  const auto batches = trimmed.batches();
  ASSERT_EQ(batches.at(0).size(), 1u);
  EXPECT_EQ(batches[0][0].kind, EventKind::kResyncRequired);
  EXPECT_EQ(batches[0][0].seq, 0);
  EXPECT_EQ(batches[0][0].value, 6);
  EXPECT_EQ(trimmed.stored_seqs(), range(6, 8));

  // A device that has everything up to the oldest remaining event misses nothing.
  auto& intact = open();
  intact.sub().start(5);
  ASSERT_TRUE(intact.wait_for_stored(3));
  for (const auto& e : intact.events()) EXPECT_NE(e.kind, EventKind::kResyncRequired);
  EXPECT_EQ(intact.stored_seqs(), range(6, 8));
}

TEST_F(SubscriptionTest, ResyncWhenRetentionTrimmedTheWholeLog) {
  append(4);
  trim_log(4);
  auto& sink = open();
  sink.sub().start(2);  // 3 and 4 are gone
  ASSERT_TRUE(sink.wait([](const auto& events) { return !events.empty(); }));
  const auto events = sink.events();
  EXPECT_EQ(events.at(0).kind, EventKind::kResyncRequired);
  EXPECT_EQ(events.at(0).value, 5);  // the next event to be written
  ASSERT_TRUE(wait_until_live(sink));
  sink.sub().publish(append(1));
  ASSERT_TRUE(sink.wait_for_stored(1));
  EXPECT_EQ(sink.stored_seqs(), range(5, 5));
}

TEST_F(SubscriptionTest, ResyncWhenTheDeviceIsAheadOfTheLog) {
  append(4);
  auto& sink = open();
  sink.sub().start(9);  // a log this server never had
  ASSERT_TRUE(sink.wait_for_stored(4));
  const auto events = sink.events();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].kind, EventKind::kResyncRequired);
  EXPECT_EQ(events[0].value, 1);
  EXPECT_EQ(sink.stored_seqs(), range(1, 4));
}

TEST_F(SubscriptionTest, ClosedSubscriptionNeverCallsTheSinkAgain) {
  append(5);
  auto& replaying = open({.replay_page = 2});
  replaying.hold_acks(true);
  replaying.sub().start(0);
  ASSERT_TRUE(replaying.wait_for_stored(1));
  replaying.close();
  replaying.hold_acks(false);  // on_sent after close
  replaying.sub().publish(append(1));
  replaying.sub().publish_ephemeral(typing(1));

  auto& live = open();
  live.sub().start(6);
  ASSERT_TRUE(wait_until_live(live));
  live.close();
  live.sub().publish(append(1));
  live.sub().publish_ephemeral(typing(2));

  std::this_thread::sleep_for(kQuiet);
  EXPECT_EQ(replaying.sends_after_close(), 0);
  EXPECT_EQ(replaying.batches().size(), 1u);
  EXPECT_EQ(replaying.stored_seqs(), range(1, 2));
  EXPECT_EQ(live.sends_after_close(), 0);
  EXPECT_TRUE(live.stored_seqs().empty());
}

// Users are spread over the hub's shards, each with its own strand on a shared pool; every
// user's events still reach their stream in commit order. A commit seen out of order would
// look like a hole, and with nothing in SQLite to fill it the stream would stall.
TEST_F(SubscriptionTest, TheHubKeepsEachUsersCommitOrderAcrossItsShards) {
  constexpr int64_t kUsers = 24;
  constexpr int64_t kCommits = 200;
  boost::asio::thread_pool hub_pool{4};
  EventHub hub(hub_pool);
  std::vector<FakeSink*> sinks;
  for (int64_t user = 1; user <= kUsers; ++user) {
    auto& sink = *sinks_.emplace_back(std::make_unique<FakeSink>());
    sink.attach(
        std::make_shared<Subscription>(user, sink, readers_, pool_, Subscription::Limits{}));
    hub.add(sink.sub().shared_from_this());
    sink.sub().start(0);
    sinks.push_back(&sink);
  }
  // Commits that each name every user, as a group message does, published one after another.
  for (int64_t seq = 1; seq <= kCommits; ++seq) {
    EventHub::Delivery committed;
    for (int64_t user = 1; user <= kUsers; ++user) {
      EventRecord e{.seq = seq, .kind = EventKind::kDelivered, .actor_id = kSender, .value = seq};
      committed.emplace_back(user, std::move(e));
    }
    hub.publish(std::move(committed));
  }
  for (auto* sink : sinks) {
    ASSERT_TRUE(sink->wait_for_stored(kCommits));
    EXPECT_EQ(sink->stored_seqs(), range(1, kCommits));
  }
  hub_pool.join();  // no shard task may outlive the hub
}

}  // namespace
}  // namespace souk::domain
