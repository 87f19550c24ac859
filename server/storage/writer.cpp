#include "server/storage/writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "server/storage/migrations.hpp"

namespace souk::storage {

namespace {

Status from_sqlite_error(const SqliteError& e) {
  const int primary = e.code() & 0xFF;
  if (primary == SQLITE_FULL) return {Code::kUnavailable, "the server's disk is full"};
  return internal_error(std::string("storage error: ") + e.what());
}

Database open_for_writing(const std::filesystem::path& file, const std::string& synchronous) {
  if (synchronous != "OFF" && synchronous != "NORMAL" && synchronous != "FULL") {
    throw std::invalid_argument("sqlite_synchronous must be OFF, NORMAL or FULL, got '" +
                                synchronous + "'");
  }
  Database db(file, Database::Mode::kReadWrite);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = " + synchronous);
  // Hot pages of the event log and its indexes stay in memory between commits.
  db.exec("PRAGMA cache_size = -65536");
  // Each job's savepoint keeps a statement journal; in a file that is a pwrite for every
  // page a job touches. In memory it costs nothing and is gone at commit anyway.
  db.exec("PRAGMA temp_store = MEMORY");
  // Checkpoint every 64 MiB of WAL rather than every 4 MiB: hot pages (the tails of busy
  // event logs) are copied into the database once per checkpoint, not once per few commits.
  db.exec("PRAGMA wal_autocheckpoint = 16384");
  migrate(db);
  return db;
}

}  // namespace

Writer::Writer(const std::filesystem::path& file, const std::string& synchronous, Dispatch dispatch,
               size_t queue_limit)
    : db_(open_for_writing(file, synchronous)),
      dispatch_(std::move(dispatch)),
      queue_limit_(std::max<size_t>(queue_limit, 1)),
      thread_([this] { run(); }) {}

Writer::~Writer() {
  stop();
}

void Writer::on_rollback(std::function<void()> hook) {
  std::lock_guard lock(mu_);
  rollback_hooks_.push_back(std::move(hook));
}

Status Writer::busy() {
  return {Code::kUnavailable, "the server is busy; try again"};
}

void Writer::submit(Job job, Done done) {
  Status refused;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      refused = {Code::kUnavailable, "the server is shutting down"};
    } else if (queue_.size() >= queue_limit_) {
      refused = busy();
      // Once per burst, not once per refused write.
      if (!refusing_) spdlog::warn("writer: {} writes waiting; refusing more", queue_.size());
      refusing_ = true;
    } else {
      queue_.push_back({std::move(job), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  if (done) done(std::move(refused));
}

std::future<Status> Writer::submit(Job job) {
  auto promise = std::make_shared<std::promise<Status>>();
  auto future = promise->get_future();
  submit(std::move(job), [promise](Status s) { promise->set_value(std::move(s)); });
  return future;
}

void Writer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

uint64_t Writer::commits() const {
  std::lock_guard lock(mu_);
  return commits_;
}

uint64_t Writer::jobs() const {
  std::lock_guard lock(mu_);
  return jobs_;
}

void Writer::run() {
  const EventLogCounters::Scope counting(db_, event_logs_);
  std::deque<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      batch.swap(queue_);
      refusing_ = false;
    }
    commit_batch(batch);
    batch.clear();
  }
}

void Writer::commit_batch(std::deque<Pending>& batch) {
  std::vector<Status> results;
  results.reserve(batch.size());
  Status batch_status;
  try {
    db_.cached("BEGIN IMMEDIATE")->run();
    for (auto& pending : batch) {
      db_.cached("SAVEPOINT job")->run();
      event_logs_.begin_job();
      Status s;
      try {
        s = pending.job(db_);
      } catch (const SqliteError& e) {
        s = from_sqlite_error(e);
        spdlog::error("write failed: {}", e.what());
      } catch (const std::exception& e) {
        // Whatever a job throws must not take the writer thread (and every write) with it.
        s = internal_error(std::string("write failed: ") + e.what());
        spdlog::error("write failed: {}", e.what());
      }
      if (!s.ok()) {
        db_.cached("ROLLBACK TO job")->run();
        event_logs_.undo_job();
        for (auto& hook : rollback_hooks_) hook();
      }
      db_.cached("RELEASE job")->run();
      results.push_back(std::move(s));
    }
    event_logs_.write_out(db_);
    db_.cached("COMMIT")->run();
  } catch (const SqliteError& e) {
    spdlog::error("commit of {} writes failed: {}", batch.size(), e.what());
    batch_status = from_sqlite_error(e);
    try {
      db_.exec("ROLLBACK");
    } catch (const SqliteError&) {
      // Already rolled back by SQLite itself.
    }
    event_logs_.forget();
    for (auto& hook : rollback_hooks_) hook();
  }
  try {
    db_.restore_cache();
  } catch (const SqliteError& e) {
    spdlog::error("restoring the page cache failed: {}", e.what());
  }
  {
    std::lock_guard lock(mu_);
    jobs_ += batch.size();
    if (batch_status.ok()) ++commits_;
  }
  auto complete = [dones = std::make_shared<std::deque<Pending>>(std::move(batch)),
                   results = std::make_shared<std::vector<Status>>(std::move(results)),
                   batch_status] {
    for (size_t i = 0; i < dones->size(); ++i) {
      auto& done = (*dones)[i].done;
      if (done) done(batch_status.ok() ? std::move((*results)[i]) : batch_status);
    }
  };
  if (dispatch_) {
    dispatch_(std::move(complete));
  } else {
    complete();
  }
}
}  // namespace souk::storage
