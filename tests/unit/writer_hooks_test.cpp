#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/storage/sqlite.hpp"
#include "server/storage/writer.hpp"
#include "tools/process/temp_dir.hpp"
#include "unit/writer_gate.hpp"

namespace souk::storage {
namespace {

using std::chrono::seconds;

Writer::Job insert_row(int64_t id) {
  return [id](Database& db) {
    db.prepare("INSERT INTO t (id) VALUES (?)").bind(1, id).run();
    return Status::Ok();
  };
}

Writer::Job create_table() {
  return [](Database& db) {
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    return Status::Ok();
  };
}

// The id of the writer's thread, learned from inside a job.
std::thread::id writer_thread_of(Writer& writer) {
  auto id = std::make_shared<std::thread::id>();
  const Status s = wait(writer.submit([id](Database&) {
    *id = std::this_thread::get_id();
    return Status::Ok();
  }));
  if (!s.ok()) throw std::runtime_error("probe failed: " + s.message());
  return *id;
}

class WriterHooksTest : public ::testing::Test {
 protected:
  std::filesystem::path file() const { return dir_ / "hooks.db"; }
  test::TempDir dir_;
};

TEST_F(WriterHooksTest, DispatchRunsDonesOffTheWriterThreadInOrderAfterCommit) {
  constexpr int kJobs = 300;
  boost::asio::thread_pool pool(2);
  auto strand = boost::asio::make_strand(pool);
  Writer writer(file(), "FULL",
                [strand](std::function<void()> complete) { boost::asio::post(strand, complete); });
  ASSERT_TRUE(wait(writer.submit(create_table())).ok());
  const std::thread::id writer_thread = writer_thread_of(writer);

  // A connection of our own: a Done that ran before its COMMIT could not see the row.
  Database reader(file(), Database::Mode::kReadOnly);
  std::mutex mu;  // Dones run on the strand; the lock only publishes to this thread
  std::vector<int64_t> order;
  int on_writer_thread = 0;
  int off_strand = 0;
  int invisible = 0;
  int failed = 0;

  WriterGate gate;  // the first half is committed together, the rest as it comes
  writer.submit(gate.job(), {});
  gate.wait_until_entered();
  for (int64_t id = 1; id <= kJobs; ++id) {
    if (id == kJobs / 2) gate.release();
    writer.submit(insert_row(id), [&, id](Status s) {
      std::lock_guard lock(mu);
      if (!s.ok()) ++failed;
      if (std::this_thread::get_id() == writer_thread) ++on_writer_thread;
      if (!strand.running_in_this_thread()) ++off_strand;
      auto row = reader.prepare("SELECT count(*) FROM t WHERE id = ?");
      if (!row.bind(1, id).step() || row.int64(0) != 1) ++invisible;
      order.push_back(id);
    });
  }
  writer.stop();
  pool.join();  // every dispatched completion has run

  std::lock_guard lock(mu);
  ASSERT_EQ(order.size(), static_cast<size_t>(kJobs));
  for (int64_t i = 0; i < kJobs; ++i) ASSERT_EQ(order[i], i + 1) << "out of submission order";
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(on_writer_thread, 0);
  EXPECT_EQ(off_strand, 0);
  EXPECT_EQ(invisible, 0) << "a Done ran before its row was committed";
  EXPECT_GE(writer.commits(), 4u);  // table, probe, gate, and at least one more
}

TEST_F(WriterHooksTest, WriterMovesOnWhileDonesAreStillRunning) {
  boost::asio::thread_pool pool(1);
  Writer writer(file(), "NORMAL",
                [&pool](std::function<void()> complete) { boost::asio::post(pool, complete); });
  ASSERT_TRUE(wait(writer.submit(create_table())).ok());

  std::promise<void> release;
  auto released = release.get_future().share();
  writer.submit(insert_row(1), [released](Status) { released.wait(); });  // a slow completion
  // With the completion thread blocked, the writer still commits the next job; only its
  // Done waits.
  std::atomic<bool> second_ran{false};
  auto second = writer.submit([&second_ran](Database& db) {
    second_ran = true;
    return insert_row(2)(db);
  });
  for (int i = 0; i < 6000 && !second_ran; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(second_ran.load()) << "the writer waited for a completion";
  EXPECT_EQ(second.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  release.set_value();
  EXPECT_TRUE(wait(std::move(second)).ok());
  writer.stop();
  pool.join();
}

TEST_F(WriterHooksTest, RollbackHooksRunOnTheWriterThreadForFailedJobsOnly) {
  Writer writer(file(), "FULL");
  std::mutex mu;
  std::vector<std::thread::id> hook_threads;
  writer.on_rollback([&] {
    std::lock_guard lock(mu);
    hook_threads.push_back(std::this_thread::get_id());
  });
  auto hooks_run = [&] {
    std::lock_guard lock(mu);
    return hook_threads.size();
  };

  ASSERT_TRUE(wait(writer.submit(create_table())).ok());
  const std::thread::id writer_thread = writer_thread_of(writer);
  for (int64_t id = 1; id <= 20; ++id) ASSERT_TRUE(wait(writer.submit(insert_row(id))).ok());
  EXPECT_EQ(hooks_run(), 0u) << "hooks ran although every job succeeded";

  // Done of the failed job runs after the hook: whatever it cached is already dropped.
  size_t hooks_seen_by_done = 99;
  std::promise<Status> refused;
  writer.submit(
      [](Database& db) {
        (void)insert_row(100)(db);
        return Status(Code::kFailedPrecondition, "no");
      },
      [&](Status s) {
        hooks_seen_by_done = hooks_run();
        refused.set_value(std::move(s));
      });
  EXPECT_EQ(wait(refused.get_future()).code(), Code::kFailedPrecondition);
  EXPECT_EQ(hooks_seen_by_done, 1u);

  EXPECT_EQ(wait(writer.submit([](Database& db) {
              db.exec("NOT SQL AT ALL");
              return Status::Ok();
            })).code(),
            Code::kInternal);
  EXPECT_EQ(hooks_run(), 2u);

  std::lock_guard lock(mu);
  for (const auto& id : hook_threads) EXPECT_EQ(id, writer_thread);
}

TEST_F(WriterHooksTest, RollbackHooksRunOncePerFailedJobOfABatch) {
  Writer writer(file(), "FULL");
  std::atomic<int> hooks{0};
  writer.on_rollback([&] { ++hooks; });
  writer.on_rollback([&] { hooks += 100; });  // every hook runs
  ASSERT_TRUE(wait(writer.submit(create_table())).ok());

  WriterGate gate;
  auto gate_done = writer.submit(gate.job());
  gate.wait_until_entered();
  auto kept = writer.submit(insert_row(1));
  auto duplicate = writer.submit(insert_row(1));
  auto refused = writer.submit([](Database&) { return Status(Code::kPermissionDenied, "no"); });
  auto also_kept = writer.submit(insert_row(2));
  gate.release();

  EXPECT_TRUE(wait(std::move(gate_done)).ok());
  EXPECT_TRUE(wait(std::move(kept)).ok());
  EXPECT_EQ(wait(std::move(duplicate)).code(), Code::kInternal);
  EXPECT_EQ(wait(std::move(refused)).code(), Code::kPermissionDenied);
  EXPECT_TRUE(wait(std::move(also_kept)).ok());
  EXPECT_EQ(hooks.load(), 2 * 101);

  Database reader(file(), Database::Mode::kReadOnly);
  auto count = reader.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.int64(0), 2);
}

TEST_F(WriterHooksTest, RollbackHooksRunWhenAWholeBatchIsRolledBack) {
  Writer writer(file(), "FULL");
  std::atomic<int> hooks{0};
  writer.on_rollback([&] { ++hooks; });
  ASSERT_TRUE(wait(writer.submit(create_table())).ok());

  WriterGate gate;
  auto gate_done = writer.submit(gate.job());
  gate.wait_until_entered();
  auto innocent = writer.submit(insert_row(1));
  // Ends the batch's transaction under the writer's feet: its savepoint is gone, so the
  // writer must roll back the whole batch.
  auto saboteur = writer.submit([](Database& db) {
    db.exec("ROLLBACK");
    return Status::Ok();
  });
  auto after = writer.submit(insert_row(2));
  gate.release();

  EXPECT_TRUE(wait(std::move(gate_done)).ok());  // committed alone, before the others came
  EXPECT_EQ(wait(std::move(innocent)).code(), Code::kInternal);
  EXPECT_EQ(wait(std::move(saboteur)).code(), Code::kInternal);
  EXPECT_EQ(wait(std::move(after)).code(), Code::kInternal);
  EXPECT_EQ(hooks.load(), 1);

  // The writer carries on with the next batch.
  EXPECT_TRUE(wait(writer.submit(insert_row(3))).ok());
  Database reader(file(), Database::Mode::kReadOnly);
  auto rows = reader.prepare("SELECT group_concat(id) FROM t");
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.text(0), "3");
}

}  // namespace
}  // namespace souk::storage
