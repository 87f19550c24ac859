// Downloads whose clients or server go away while soukd reads ahead of the network.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "integration/files_fixture.hpp"
#include "support/wait_until.hpp"

namespace souk::test {
namespace {

using FilesDownload = FilesTest;

constexpr int64_t kFileBytes = 16 << 20;  // 64 chunks: reads ahead are under way throughout

TEST_F(FilesDownload, DownloadsCancelledAfterTheirFirstChunkLeaveSoukdWhole) {
  const auto anna = member("anna");
  const GeneratedFile source(3, kFileBytes);
  auto file = upload(anna, source.bytes(), "big.bin", "application/octet-stream");
  ASSERT_TRUE(file.ok()) << file.status().message();

  for (int i = 0; i < 20; ++i) {
    int64_t received = 0;
    auto cut = files(anna).download(
        file->file_id(), 0,
        [&](std::string_view chunk) {
          received += static_cast<int64_t>(chunk.size());
          return Status::Ok();
        },
        [](int64_t, int64_t) { return false; });
    ASSERT_FALSE(cut.ok());
    EXPECT_EQ(cut.status().code(), Code::kUnavailable) << cut.status().message();
    EXPECT_GT(received, 0);
    EXPECT_LT(received, kFileBytes);
  }
  auto whole = download(anna, file->file_id());
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(*whole, source.bytes());
  EXPECT_EQ(stop_server(SIGTERM), 0) << server_->log();
}

TEST_F(FilesDownload, DownloadsUnderWayWhenSoukdStopsEndCleanly) {
  const auto anna = member("anna");
  const GeneratedFile source(4, kFileBytes);
  auto file = upload(anna, source.bytes(), "big.bin", "application/octet-stream");
  ASSERT_TRUE(file.ok()) << file.status().message();

  // Each reader holds after its first chunk, so that soukd has frames read ahead and
  // writes waiting on the network when the signal comes.
  constexpr int kReaders = 4;
  std::mutex mu;
  std::condition_variable changed;
  int started = 0;
  bool go = false;
  std::vector<Result<v1::Attachment>> results(kReaders, internal_error("not run"));
  std::vector<std::thread> readers;
  const auto release = [&] {
    {
      std::lock_guard lock(mu);
      go = true;
    }
    changed.notify_all();
  };
  struct JoinAll {
    std::vector<std::thread>& threads;
    std::function<void()> release;
    ~JoinAll() {
      release();
      for (auto& t : threads) {
        if (t.joinable()) t.join();
      }
    }
  } join_all{readers, release};
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&, i] {
      bool first = true;
      results[i] = files(anna).download(file->file_id(), 0, [&](std::string_view) {
        if (first) {
          first = false;
          std::unique_lock lock(mu);
          ++started;
          changed.notify_all();
          changed.wait_for(lock, std::chrono::seconds(60), [&] { return go; });
        }
        return Status::Ok();
      });
    });
  }
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(
        changed.wait_for(lock, std::chrono::seconds(60), [&] { return started == kReaders; }));
  }

  int exit_code = -1;
  std::thread stopper([&] { exit_code = stop_server(SIGTERM); });
  // soukd's log says when the signal has begun the shutdown.
  // Not asserted here: the exit code below says whether the stop went well.
  (void)wait_until(
      [&] { return server_->log().find("finishing calls in flight") != std::string::npos; },
      std::chrono::seconds(60));
  release();
  stopper.join();
  for (auto& t : readers) t.join();

  EXPECT_EQ(exit_code, 0) << server_->log();
  EXPECT_NE(server_->log().find("stopped cleanly"), std::string::npos) << server_->log();
  for (const auto& result : results) {
    // Finished within the grace period, or cut by the shutdown: never a wrong byte count.
    if (result.ok()) {
      EXPECT_EQ(result->size(), kFileBytes);
    } else {
      EXPECT_TRUE(result.status().code() == Code::kUnavailable ||
                  result.status().code() == Code::kInternal)  // CANCELLED after the grace period
          << result.status().message();
    }
  }
}

}  // namespace
}  // namespace souk::test
