#include "server/storage/writer.hpp"

#include <spdlog/spdlog.h>

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
  migrate(db);
  return db;
}

}  // namespace

Writer::Writer(const std::filesystem::path& file, const std::string& synchronous)
    : db_(open_for_writing(file, synchronous)), thread_([this] { run(); }) {}

Writer::~Writer() {
  stop();
}

void Writer::submit(Job job, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back({std::move(job), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done({Code::kUnavailable, "the server is shutting down"});
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

void Writer::run() {
  std::deque<Pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is committed
      batch.swap(queue_);
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
    db_.exec("BEGIN IMMEDIATE");
    for (auto& pending : batch) {
      db_.exec("SAVEPOINT job");
      Status s;
      try {
        s = pending.job(db_);
      } catch (const SqliteError& e) {
        s = from_sqlite_error(e);
        spdlog::error("write failed: {}", e.what());
      }
      db_.exec(s.ok() ? "RELEASE job" : "ROLLBACK TO job; RELEASE job");
      results.push_back(std::move(s));
    }
    db_.exec("COMMIT");
  } catch (const SqliteError& e) {
    spdlog::error("commit of {} writes failed: {}", batch.size(), e.what());
    batch_status = from_sqlite_error(e);
    try {
      db_.exec("ROLLBACK");
    } catch (const SqliteError&) {
      // Already rolled back by SQLite itself.
    }
  }
  if (batch_status.ok()) {
    std::lock_guard lock(mu_);
    ++commits_;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].done) batch[i].done(batch_status.ok() ? std::move(results[i]) : batch_status);
  }
}

}  // namespace souk::storage
