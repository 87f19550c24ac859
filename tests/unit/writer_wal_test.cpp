// The writer's own bookkeeping around SQLite: event-log counters kept in memory and written
// once per batch, retention without time indexes, and what other connections and a restart
// see of the WAL the writer leaves. All must match what plain SQL statements would give.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/storage/account_repository.hpp"
#include "server/storage/conversation_repository.hpp"
#include "server/storage/event_repository.hpp"
#include "server/storage/sqlite.hpp"
#include "server/storage/writer.hpp"
#include "tools/process/temp_dir.hpp"
#include "unit/writer_gate.hpp"

namespace souk::storage {
namespace {

using std::chrono::seconds;

int64_t query_int(Database& db, const std::string& sql) {
  auto stmt = db.prepare(sql);
  return stmt.step() ? stmt.int64(0) : -1;
}

EventRecord typing_event() {
  EventRecord e;
  e.kind = EventKind::kTyping;
  e.created_at_ms = 1;
  return e;
}

class WriterWalTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_ / "souk.db"; }

  std::vector<int64_t> make_accounts(Writer& writer, int n) {
    auto ids = std::make_shared<std::vector<int64_t>>();
    EXPECT_TRUE(wait(writer.submit([n, ids](Database& db) {
                  for (int i = 0; i < n; ++i) {
                    AccountRecord a;
                    a.member_id = "member" + std::to_string(i);
                    a.display_name = a.member_id;
                    a.role = 1;
                    a.password_hash = "x";
                    ids->push_back(*insert_account(db, a));
                  }
                  return Status::Ok();
                })).ok());
    return *ids;
  }

  test::TempDir dir_;
};

TEST_F(WriterWalTest, EventSeqsCountedInOneBatchAreStoredOnce) {
  Writer writer(file(), "FULL");
  const auto accounts = make_accounts(writer, 3);
  WriterGate hold;
  auto held = writer.submit(hold.job());
  hold.wait_until_entered();

  // Three jobs in one batch; the second appends, then fails, so its seqs must be handed
  // out again and its events must not exist.
  auto seqs_of = [&](int64_t account, int n, bool fail) {
    auto seqs = std::make_shared<std::vector<int64_t>>();
    auto done = writer.submit([account, n, fail, seqs](Database& db) -> Status {
      for (int i = 0; i < n; ++i) seqs->push_back(append_event(db, account, typing_event()));
      seqs->push_back(last_event_seq(db, account));
      if (fail) return invalid_argument("rolled back on purpose");
      return Status::Ok();
    });
    return std::make_pair(seqs, std::move(done));
  };
  auto first = seqs_of(accounts[0], 5, false);
  auto failed = seqs_of(accounts[0], 4, true);
  auto third = seqs_of(accounts[0], 2, false);
  auto other = seqs_of(accounts[1], 3, false);
  hold.release();
  ASSERT_TRUE(wait(std::move(held)).ok());
  ASSERT_TRUE(wait(std::move(first.second)).ok());
  EXPECT_FALSE(wait(std::move(failed.second)).ok());
  ASSERT_TRUE(wait(std::move(third.second)).ok());
  ASSERT_TRUE(wait(std::move(other.second)).ok());

  EXPECT_EQ(*first.first, (std::vector<int64_t>{1, 2, 3, 4, 5, 5}));
  EXPECT_EQ(*failed.first, (std::vector<int64_t>{6, 7, 8, 9, 9}));
  EXPECT_EQ(*third.first, (std::vector<int64_t>{6, 7, 7}));
  EXPECT_EQ(*other.first, (std::vector<int64_t>{1, 2, 3, 3}));

  Database reader(file(), Database::Mode::kReadOnly);
  const auto id = std::to_string(accounts[0]);
  EXPECT_EQ(query_int(reader, "SELECT last_seq FROM event_logs WHERE account_id = " + id), 7);
  EXPECT_EQ(query_int(reader, "SELECT count(*) FROM events WHERE account_id = " + id), 7);
  EXPECT_EQ(query_int(reader, "SELECT max(seq) FROM events WHERE account_id = " + id), 7);
  EXPECT_EQ(query_int(reader, "SELECT last_seq FROM event_logs WHERE account_id = " +
                                  std::to_string(accounts[1])),
            3);
  // Never touched: no log row at all, as before.
  EXPECT_EQ(query_int(reader, "SELECT count(*) FROM event_logs WHERE account_id = " +
                                  std::to_string(accounts[2])),
            0);

  // Acks inside the writer see the counted last seq, not the one stored before the batch.
  auto acked = std::make_shared<AckedRange>();
  ASSERT_TRUE(wait(writer.submit([&, acked](Database& db) {
                append_event(db, accounts[1], typing_event());  // seq 4, counted in memory
                *acked = advance_acked_seq(db, accounts[1], 100);
                return Status::Ok();
              })).ok());
  EXPECT_EQ(acked->from_exclusive, 0);
  EXPECT_EQ(acked->to_inclusive, 4);
}

TEST_F(WriterWalTest, AFailedBatchForgetsItsCounts) {
  Writer writer(file(), "NORMAL");
  const auto accounts = make_accounts(writer, 1);
  ASSERT_TRUE(wait(writer.submit([&](Database& db) {
                append_event(db, accounts[0], typing_event());
                append_event(db, accounts[0], typing_event());
                return Status::Ok();
              })).ok());
  // A job that ends the whole transaction after counting: the writer's next statement
  // fails, the batch is lost, and so must be its counts.
  auto lost = writer.submit([&](Database& db) {
    append_event(db, accounts[0], typing_event());
    db.exec("ROLLBACK");
    return Status::Ok();
  });
  EXPECT_FALSE(wait(std::move(lost)).ok());
  auto seq = std::make_shared<int64_t>(0);
  ASSERT_TRUE(wait(writer.submit([&, seq](Database& db) {
                *seq = append_event(db, accounts[0], typing_event());
                return Status::Ok();
              })).ok());
  Database reader(file(), Database::Mode::kReadOnly);
  EXPECT_EQ(query_int(reader, "SELECT last_seq FROM event_logs"), *seq);
  EXPECT_EQ(query_int(reader, "SELECT count(*) FROM events"), *seq);
}

TEST_F(WriterWalTest, CommitsLargeAndSmallAreWhatReadersAndARestartSee) {
  constexpr int kBatches = 40;
  constexpr int kRowsPerBatch = 300;
  const std::string text(700, 'w');
  {
    Writer writer(file(), "FULL");
    ASSERT_TRUE(wait(writer.submit([](Database& db) {
                  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                  db.exec("CREATE INDEX t_by_v ON t (v)");
                  return Status::Ok();
                })).ok());
    Database reader(file(), Database::Mode::kReadOnly);
    for (int b = 0; b < kBatches; ++b) {
      ASSERT_TRUE(wait(writer.submit([&, b](Database& db) {
                    auto stmt = db.prepare("INSERT INTO t (id, v) VALUES (?, ?)");
                    for (int i = 0; i < kRowsPerBatch; ++i) {
                      stmt.reset();
                      stmt.bind_all(int64_t{b} * kRowsPerBatch + i,
                                    std::string_view(std::to_string(i) + text))
                          .run();
                    }
                    return Status::Ok();
                  })).ok());
      // Another connection sees each commit whole as soon as it is acknowledged.
      EXPECT_EQ(query_int(reader, "SELECT count(*) FROM t"), (b + 1) * kRowsPerBatch);
    }
    // One transaction far larger than the page cache, so that SQLite spills frames into
    // the WAL before its commit and reads them back.
    ASSERT_TRUE(wait(writer.submit([&](Database& db) {
                  db.exec("PRAGMA cache_size = 50");
                  db.exec("UPDATE t SET v = v || 'x'");
                  db.exec("PRAGMA cache_size = -65536");
                  return Status::Ok();
                })).ok());
    EXPECT_EQ(query_int(reader, "SELECT count(*) FROM t WHERE v LIKE '%x'"),
              kBatches * kRowsPerBatch);
    // Closing the last connection checkpoints the WAL into the database file.
  }
  Database reopened(file(), Database::Mode::kReadWrite);
  auto check = reopened.prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.text(0), "ok");
  EXPECT_EQ(query_int(reopened, "SELECT count(*) FROM t"), kBatches * kRowsPerBatch);
}

TEST_F(WriterWalTest, RetentionWithoutTimeIndexesTrimsEachLogAndOldMessages) {
  Writer writer(file(), "NORMAL");
  const auto accounts = make_accounts(writer, 3);
  auto deleted = std::make_shared<std::pair<int, int>>();
  ASSERT_TRUE(wait(writer.submit([&, deleted](Database& db) {
                const int64_t chat = create_direct_conversation(db, accounts[0], accounts[1], 0);
                // Messages and events at times 10..19; retention at 15 keeps 15..19.
                for (int64_t t = 10; t < 20; ++t) {
                  MessageRecord m;
                  m.conversation_id = chat;
                  m.seq = t;
                  m.sender_id = accounts[0];
                  m.client_msg_id = "m" + std::to_string(t);
                  m.text = "hello";
                  m.created_at_ms = t;
                  auto stored = std::make_shared<MessageRecord>(m);
                  stored->id = insert_message(db, m);
                  EventRecord e;
                  e.kind = EventKind::kMessage;
                  e.conversation_id = chat;
                  e.message = stored;
                  e.created_at_ms = t;
                  append_event(db, accounts[0], e);
                  // The second log starts later, so it keeps all of its own.
                  if (t >= 17) append_event(db, accounts[1], e);
                }
                // A log all older than the cutoff is emptied.
                EventRecord old = typing_event();
                old.created_at_ms = 3;
                append_event(db, accounts[2], old);
                append_event(db, accounts[2], old);
                deleted->first = delete_events_before(db, 15);
                deleted->second = delete_messages_before(db, 15);
                return Status::Ok();
              })).ok());
  EXPECT_EQ(deleted->first, 5 + 2);
  EXPECT_EQ(deleted->second, 5);
  Database reader(file(), Database::Mode::kReadOnly);
  const auto log = [&](int64_t account, const char* what) {
    return query_int(reader, std::string("SELECT ") + what +
                                 " FROM events WHERE account_id = " + std::to_string(account));
  };
  EXPECT_EQ(log(accounts[0], "count(*)"), 5);
  EXPECT_EQ(log(accounts[0], "min(seq)"), 6);
  EXPECT_EQ(log(accounts[0], "min(created_at_ms)"), 15);
  EXPECT_EQ(log(accounts[1], "count(*)"), 3);
  EXPECT_EQ(log(accounts[2], "count(*)"), 0);
  // The emptied log goes on from where it was.
  EXPECT_EQ(query_int(reader, "SELECT last_seq FROM event_logs WHERE account_id = " +
                                  std::to_string(accounts[2])),
            2);
  EXPECT_EQ(query_int(reader, "SELECT count(*) FROM messages"), 5);
  EXPECT_EQ(query_int(reader, "SELECT min(created_at_ms) FROM messages"), 15);
  // Nothing left to index by time on the busiest tables.
  EXPECT_EQ(query_int(reader,
                      "SELECT count(*) FROM sqlite_schema WHERE name IN "
                      "('events_by_time', 'messages_by_time')"),
            0);
}

}  // namespace
}  // namespace souk::storage
