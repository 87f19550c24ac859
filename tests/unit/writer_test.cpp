#include "server/storage/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/storage/sqlite.hpp"
#include "tools/process/temp_dir.hpp"
#include "unit/writer_gate.hpp"

namespace souk::storage {
namespace {

using std::chrono::seconds;

int64_t count_rows(Database& db, const std::string& table) {
  auto stmt = db.prepare("SELECT count(*) FROM " + table);
  return stmt.step() ? stmt.int64(0) : -1;
}

Writer::Job insert_row(int64_t id, std::string value) {
  return [id, value = std::move(value)](Database& db) {
    db.prepare("INSERT INTO t (id, v) VALUES (?, ?)").bind_all(id, std::string_view(value)).run();
    return Status::Ok();
  };
}

// What the gate's job does before it blocks: the table the other jobs write to.
void create_table_t(Database& db) {
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
}

class WriterTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_ / "writer.db"; }
  test::TempDir dir_;
};

TEST_F(WriterTest, GroupsConcurrentWritesAndAcksOnlyAfterCommit) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  Writer writer(file(), "FULL");
  WriterGate gate;
  auto gate_done = writer.submit(gate.job(create_table_t));
  gate.wait_until_entered();

  // Read with a connection of our own: if a job were acknowledged before its COMMIT,
  // this connection could not see its row yet.
  std::mutex reader_mu;
  Database reader(file(), Database::Mode::kReadOnly);
  std::atomic<int> acked{0};
  std::atomic<int> failed{0};
  std::atomic<int> invisible{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int64_t id = t * 10'000 + i;
        const std::string value = "thread " + std::to_string(t) + " row " + std::to_string(i);
        writer.submit(insert_row(id, value), [&, id, value](Status s) {
          if (!s.ok()) ++failed;
          std::lock_guard lock(reader_mu);
          auto stmt = reader.prepare("SELECT v FROM t WHERE id = ?");
          stmt.bind(1, id);
          if (!stmt.step() || stmt.text(0) != value) ++invisible;
          ++acked;
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(acked.load(), 0) << "acknowledged while the writer was still held";
  gate.release();
  EXPECT_TRUE(wait(std::move(gate_done)).ok());

  writer.stop();  // returns once every queued job is committed and acknowledged
  EXPECT_EQ(acked.load(), kThreads * kPerThread);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(invisible.load(), 0) << "rows acknowledged before they were visible";
  {
    std::lock_guard lock(reader_mu);
    EXPECT_EQ(count_rows(reader, "t"), kThreads * kPerThread);
  }
  // The gate's transaction plus one (or very few) for the 1600 queued inserts.
  EXPECT_GE(writer.commits(), 2u);
  EXPECT_LE(writer.commits(), 3u);
}

TEST_F(WriterTest, UnblockedConcurrentWritesAreAllDurableAndGrouped) {
  Writer writer(file(), "NORMAL");
  ASSERT_TRUE(wait(writer.submit([](Database& db) {
                db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                return Status::Ok();
              })).ok());
  const uint64_t before = writer.commits();
  std::vector<std::thread> threads;
  std::vector<std::vector<std::future<Status>>> futures(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 250; ++i)
        futures[t].push_back(writer.submit(insert_row(t * 1000 + i, "x")));
    });
  }
  for (auto& th : threads) th.join();
  for (auto& list : futures) {
    for (auto& f : list) EXPECT_TRUE(wait(std::move(f)).ok());
  }
  const uint64_t used = writer.commits() - before;
  EXPECT_GE(used, 1u);
  EXPECT_LE(used, 1000u);
  Database reader(file(), Database::Mode::kReadOnly);
  EXPECT_EQ(count_rows(reader, "t"), 1000);
}

TEST_F(WriterTest, FailingJobRollsBackAloneWithinItsBatch) {
  Writer writer(file(), "FULL");
  WriterGate gate;
  auto gate_done = writer.submit(gate.job(create_table_t));
  gate.wait_until_entered();

  auto first = writer.submit(insert_row(1, "kept"));
  auto refused = writer.submit([](Database& db) {
    (void)insert_row(2, "undone")(db);
    return Status(Code::kFailedPrecondition, "changed my mind");
  });
  auto thrown = writer.submit([](Database& db) {
    (void)insert_row(3, "undone")(db);
    db.exec("THIS IS NOT SQL");
    return Status::Ok();
  });
  auto duplicate = writer.submit(insert_row(1, "conflicts with the first"));
  auto last = writer.submit(insert_row(4, "kept"));
  gate.release();

  EXPECT_TRUE(wait(std::move(gate_done)).ok());
  EXPECT_TRUE(wait(std::move(first)).ok());
  const Status refused_status = wait(std::move(refused));
  EXPECT_EQ(refused_status.code(), Code::kFailedPrecondition);
  EXPECT_EQ(refused_status.message(), "changed my mind");
  EXPECT_EQ(wait(std::move(thrown)).code(), Code::kInternal);
  EXPECT_EQ(wait(std::move(duplicate)).code(), Code::kInternal);
  EXPECT_TRUE(wait(std::move(last)).ok());
  // All five shared the one transaction after the gate's.
  EXPECT_EQ(writer.commits(), 2u);

  Database reader(file(), Database::Mode::kReadOnly);
  auto rows = reader.prepare("SELECT id, v FROM t ORDER BY id");
  std::vector<std::pair<int64_t, std::string>> got;
  while (rows.step()) got.emplace_back(rows.int64(0), rows.text(1));
  const std::vector<std::pair<int64_t, std::string>> want = {{1, "kept"}, {4, "kept"}};
  EXPECT_EQ(got, want);
}

TEST_F(WriterTest, StopCommitsEverythingQueuedThenRefuses) {
  constexpr int kQueued = 100;
  auto writer = std::make_unique<Writer>(file(), "FULL");
  WriterGate gate;
  auto gate_done = writer->submit(gate.job(create_table_t));
  gate.wait_until_entered();

  std::atomic<int> ok{0};
  std::atomic<int> answered{0};
  for (int i = 0; i < kQueued; ++i) {
    writer->submit(insert_row(i, "queued"), [&](Status s) {
      if (s.ok()) ++ok;
      ++answered;
    });
  }
  // stop() blocks until the writer is done, so it runs on its own thread; wait until it
  // has taken effect (a submit is refused on the spot) before releasing the gate.
  std::thread stopper([&] { writer->stop(); });
  bool refused = false;
  for (int attempt = 0; attempt < 6000 && !refused; ++attempt) {
    // Probes that are queued before stop() takes effect are answered later, so their
    // answer lives in shared state.
    auto answer = std::make_shared<std::optional<Status>>();
    writer->submit([](Database&) { return Status::Ok(); }, [answer](Status s) { *answer = s; });
    refused = answer->has_value() && (*answer)->code() == Code::kUnavailable;
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  gate.release();
  stopper.join();
  ASSERT_TRUE(refused) << "stop() never took effect";

  EXPECT_TRUE(wait(std::move(gate_done)).ok());
  EXPECT_EQ(answered.load(), kQueued);
  EXPECT_EQ(ok.load(), kQueued);
  {
    Database reader(file(), Database::Mode::kReadOnly);
    EXPECT_EQ(count_rows(reader, "t"), kQueued);
  }

  bool ran = false;
  auto late = writer->submit([&ran](Database&) {
    ran = true;
    return Status::Ok();
  });
  ASSERT_EQ(late.wait_for(seconds(0)), std::future_status::ready);
  EXPECT_EQ(late.get().code(), Code::kUnavailable);
  EXPECT_FALSE(ran);
  writer.reset();  // a second stop() in the destructor is harmless
}

TEST_F(WriterTest, RefusesPastItsQueueLimitAtOnceAndChangesNothing) {
  constexpr size_t kLimit = 3;
  Writer writer(file(), "FULL", {}, kLimit);
  WriterGate gate;
  auto gate_done = writer.submit(gate.job(create_table_t));
  gate.wait_until_entered();  // the gate's job left the queue; kLimit more may wait

  std::vector<std::future<Status>> queued;
  for (size_t i = 0; i < kLimit; ++i) queued.push_back(writer.submit(insert_row(i + 1, "queued")));

  // One past the limit: answered on this thread before submit returns, never run.
  bool ran = false;
  std::optional<Status> answer;
  writer.submit(
      [&ran](Database& db) {
        ran = true;
        return insert_row(100, "over the limit")(db);
      },
      [&answer](Status s) { answer = std::move(s); });
  ASSERT_TRUE(answer.has_value()) << "an over-limit write was queued instead of refused";
  EXPECT_EQ(answer->code(), Code::kUnavailable);
  EXPECT_EQ(answer->message(), "the server is busy; try again");
  auto refused_future = writer.submit(insert_row(101, "over the limit too"));
  ASSERT_EQ(refused_future.wait_for(seconds(0)), std::future_status::ready);
  EXPECT_EQ(refused_future.get().code(), Code::kUnavailable);
  writer.submit(insert_row(102, "and nobody to tell"), nullptr);  // must not throw

  gate.release();
  EXPECT_TRUE(wait(std::move(gate_done)).ok());
  for (auto& f : queued) EXPECT_TRUE(wait(std::move(f)).ok());
  EXPECT_FALSE(ran);
  {
    Database reader(file(), Database::Mode::kReadOnly);
    EXPECT_EQ(count_rows(reader, "t"), static_cast<int64_t>(kLimit));
    auto over = reader.prepare("SELECT count(*) FROM t WHERE id >= 100");
    ASSERT_TRUE(over.step());
    EXPECT_EQ(over.int64(0), 0) << "a refused write reached the database";
  }
  // Once the queue drained, writes are taken again.
  EXPECT_TRUE(wait(writer.submit(insert_row(200, "after"))).ok());
}

TEST_F(WriterTest, RejectsUnknownSynchronousModes) {
  for (const std::string mode : {"EXTRA", "", "FULL; DROP TABLE accounts", "sometimes"}) {
    EXPECT_THROW({ Writer writer(file(), mode); }, std::invalid_argument) << "'" << mode << "'";
  }
}

int64_t synchronous_of(Writer& writer) {
  auto result = std::make_shared<int64_t>(-1);
  const Status s = wait(writer.submit([result](Database& db) {
    *result = db.pragma_int("synchronous");
    return Status::Ok();
  }));
  EXPECT_TRUE(s.ok()) << s.message();
  return *result;
}

TEST_F(WriterTest, AppliesTheSynchronousModeAndWal) {
  {
    Writer writer(file(), "NORMAL");
    EXPECT_EQ(synchronous_of(writer), 1);
  }
  {
    Writer writer(file(), "FULL");
    EXPECT_EQ(synchronous_of(writer), 2);
    auto mode = std::make_shared<std::string>();
    EXPECT_TRUE(wait(writer.submit([mode](Database& db) {
                  auto stmt = db.prepare("PRAGMA journal_mode");
                  if (stmt.step()) *mode = stmt.text(0);
                  return Status::Ok();
                })).ok());
    EXPECT_EQ(*mode, "wal");
  }
  {
    Writer writer(file(), "OFF");
    EXPECT_EQ(synchronous_of(writer), 0);
  }
}

TEST_F(WriterTest, OpensMigrated) {
  Writer writer(file(), "FULL");
  auto tables = std::make_shared<int64_t>(0);
  EXPECT_TRUE(wait(writer.submit([tables](Database& db) {
                auto stmt = db.prepare(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                    "('accounts', 'sessions')");
                if (stmt.step()) *tables = stmt.int64(0);
                return Status::Ok();
              })).ok());
  EXPECT_EQ(*tables, 2);
}

}  // namespace
}  // namespace souk::storage
