// The reader pool's two ways to wait: for as long as it takes, and at most reader_wait_ms.
#include "server/storage/reader_pool.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "server/storage/writer.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk::storage {
namespace {

using namespace std::chrono_literals;

class ReaderPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Writer writer(file(), "NORMAL");  // creates the file, migrated
  }
  std::filesystem::path file() const { return dir_ / "readers.db"; }

  // Holds a connection of `pool` on another thread until release() (or destruction).
  class Holder {
   public:
    explicit Holder(ReaderPool& pool)
        : thread_([this, &pool] {
            pool.with([&](Database&) {
              held_.set_value();
              release_future_.wait();
              return 0;
            });
          }) {
      if (held_future_.wait_for(60s) != std::future_status::ready) {
        throw std::runtime_error("the holder never got a connection");
      }
    }
    void release() {
      if (!released_) release_.set_value();
      released_ = true;
    }
    ~Holder() {
      release();
      thread_.join();
    }

   private:
    std::promise<void> held_;
    std::future<void> held_future_ = held_.get_future();
    std::promise<void> release_;
    std::shared_future<void> release_future_ = release_.get_future().share();
    bool released_ = false;
    std::thread thread_;
  };

  test::TempDir dir_;
};

TEST_F(ReaderPoolTest, TryWithGivesUpAfterTheWaitWhileEveryConnectionIsTaken) {
  ReaderPool pool(file(), 1, 200ms);
  Holder holder(pool);
  bool ran = false;
  const auto start = std::chrono::steady_clock::now();
  auto got = pool.try_with([&](Database&) {
    ran = true;
    return 1;
  });
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(got.has_value());
  EXPECT_FALSE(ran);
  EXPECT_GE(waited, 200ms);
  EXPECT_LT(waited, 10s) << "it waited for the holder rather than giving up";
  EXPECT_EQ(ReaderPool::busy().code(), Code::kUnavailable);
  EXPECT_EQ(ReaderPool::busy().message(), "the server is busy; try again");

  holder.release();
  // Free again: the next caller gets a connection, and the one that gave up left none
  // taken behind it.
  auto after = pool.try_with([](Database& db) { return db.pragma_int("query_only"); });
  ASSERT_TRUE(after.has_value());
}

TEST_F(ReaderPoolTest, TryWithTakesAConnectionThatComesFreeWithinTheWait) {
  ReaderPool pool(file(), 1, 30s);
  auto holder = std::make_unique<Holder>(pool);
  std::thread releaser([&] {
    std::this_thread::sleep_for(100ms);
    holder->release();
  });
  auto got = pool.try_with([](Database&) { return 7; });
  releaser.join();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, 7);
}

TEST_F(ReaderPoolTest, WithWaitsPastTheTryWithWait) {
  ReaderPool pool(file(), 1, 50ms);
  auto holder = std::make_unique<Holder>(pool);
  // Released well after the try_with wait: `with` has no one to answer busy, so it waits.
  std::thread releaser([&] {
    std::this_thread::sleep_for(300ms);
    holder->release();
  });
  const int got = pool.with([](Database&) { return 5; });
  releaser.join();
  EXPECT_EQ(got, 5);
}

}  // namespace
}  // namespace souk::storage
