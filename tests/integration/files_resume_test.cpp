// Transfers that break off and resume: cut connections, a killed soukd, many at once.
#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

using FilesResume = FilesTest;

// Hashes a download as it arrives, so nothing big is held.
struct HashingSink {
  Sha256 hash;
  int64_t bytes = 0;
  client::WriteChunk writer() {
    return [this](std::string_view chunk) {
      hash.update(chunk);
      bytes += static_cast<int64_t>(chunk.size());
      return Status::Ok();
    };
  }
};

client::Progress stop_after(int64_t bytes) {
  return [bytes](int64_t done, int64_t) { return done < bytes; };
}

TEST_F(FilesResume, TwoHundredMebibytesCutOnceEachWayArriveWhole) {
  const auto anna = member("anna");
  const GeneratedFile source(42, 200LL << 20);
  const auto spec = source.spec("big-upload", "factory tour.mp4");

  // Up: the connection drops half way.
  auto cut = files(anna).upload(spec, source.reader(), stop_after(100LL << 20));
  ASSERT_FALSE(cut.ok());
  auto query = files(anna).query_upload("big-upload");
  ASSERT_TRUE(query.ok()) << query.status().message();
  EXPECT_FALSE(query->complete());
  EXPECT_GT(query->committed_offset(), 0);
  EXPECT_LE(query->committed_offset(), 101LL << 20);
  EXPECT_EQ(query->size(), source.size());
  int64_t resumed_from = -1;
  auto done = files(anna).upload(spec, source.reader(), [&](int64_t at, int64_t) {
    if (resumed_from < 0) resumed_from = at;
    return true;
  });
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_GE(resumed_from, query->committed_offset()) << "resumed, not restarted";
  EXPECT_EQ(done->sha256_hex(), hex_encode(spec.sha256));

  // Down: cut at 120 MiB, then resumed from the bytes already there.
  HashingSink sink;
  auto first = files(anna).download(done->file_id(), 0, sink.writer(), stop_after(120LL << 20));
  ASSERT_FALSE(first.ok());
  ASSERT_GE(sink.bytes, 120LL << 20);
  ASSERT_LT(sink.bytes, source.size());
  auto rest = files(anna).download(done->file_id(), sink.bytes, sink.writer());
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_EQ(sink.bytes, source.size());
  EXPECT_EQ(hex_encode(sink.hash.finish()), hex_encode(spec.sha256));
  EXPECT_EQ(count_partials(), 0);
}

class FilesRestart : public FilesTest {
 protected:
  void SetUp() override { start({"--upload-sync-bytes", "1048576"}); }
};

TEST_F(FilesRestart, SoukdKilledMidUploadResumesFromTheCommittedOffset) {
  const auto anna = member("anna");
  const GeneratedFile source(7, 16LL << 20);
  const auto spec = source.spec("survives-a-crash");
  bool killed = false;
  auto cut = files(anna).upload(spec, source.reader(), [&](int64_t done, int64_t) {
    if (!killed && done >= (12LL << 20)) {
      killed = true;
      stop_server(SIGKILL);
    }
    return true;
  });
  ASSERT_TRUE(killed);
  ASSERT_FALSE(cut.ok());
  start({"--upload-sync-bytes", "1048576"});

  auto query = files(anna).query_upload("survives-a-crash");
  ASSERT_TRUE(query.ok()) << query.status().message();
  // 12 MiB were sent; soukd may have held back its receive window (4 MiB), the frames it
  // reads ahead (1 MiB) and, syncing beside the writing, up to twice the sync interval.
  EXPECT_GE(query->committed_offset(), 4LL << 20) << "synced every MiB";
  EXPECT_LT(query->committed_offset(), source.size());
  int64_t resumed_at = -1;
  auto done = files(anna).upload(spec, source.reader(), [&](int64_t at, int64_t) {
    if (resumed_at < 0) resumed_at = at;
    return true;
  });
  EXPECT_GT(resumed_at, query->committed_offset()) << "resumed, not started over";
  ASSERT_TRUE(done.ok()) << done.status().message();
  HashingSink sink;
  ASSERT_TRUE(files(anna).download(done->file_id(), 0, sink.writer()).ok());
  EXPECT_EQ(sink.hash.finish(), spec.sha256);
  // Resuming a finished upload just returns the file.
  auto again = files(anna).upload(spec, source.reader());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->file_id(), done->file_id());
  EXPECT_EQ(count_rows("files"), 1);
}

TEST_F(FilesRestart, AResumePastTheCommittedOffsetIsToldWhereToStart) {
  const auto anna = member("anna");
  const GeneratedFile source(8, 3LL << 20);
  const auto spec = source.spec("offsets");
  ASSERT_FALSE(files(anna).upload(spec, source.reader(), stop_once_started(anna, "offsets")).ok());
  // Past anything the server can hold: the whole size.
  auto wrong = files(anna).upload_from(spec, spec.size, source.reader());
  for (int i = 0; i < 50 && wrong.status().code() == Code::kUnavailable; ++i) {
    // The cut stream may still be winding up on the server.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    wrong = files(anna).upload_from(spec, spec.size, source.reader());
  }
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(wrong.status().message().find("resume at committed_offset"), std::string::npos)
      << wrong.status().message();
  auto other = source.spec("offsets");
  other.size += 1;
  EXPECT_EQ(files(anna).upload(other, source.reader()).status().code(), Code::kFailedPrecondition)
      << "another file under the same upload_id";
  // From the start is always fine: the bytes are sent again and checked at the end.
  auto again = files(anna).upload_from(spec, 0, source.reader());
  for (int i = 0; i < 50 && again.status().code() == Code::kUnavailable; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again = files(anna).upload_from(spec, 0, source.reader());
  }
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->sha256_hex(), hex_encode(spec.sha256));
}

TEST_F(FilesRestart, TenUploadsAtOnceAllArriveIntact) {
  const auto anna = member("anna");
  std::vector<GeneratedFile> sources;
  for (int i = 0; i < 10; ++i) sources.emplace_back(100 + i, (2LL << 20) + i * 4099);
  std::vector<Result<v1::Attachment>> results(10, Status(Code::kInternal, "not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&, i] {
      results[i] =
          files(anna).upload(sources[i].spec("parallel-" + std::to_string(i)), sources[i].reader());
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].status().message();
    HashingSink sink;
    ASSERT_TRUE(files(anna).download(results[i]->file_id(), 0, sink.writer()).ok());
    EXPECT_EQ(sink.hash.finish(), sources[i].sha256()) << i;
  }
  EXPECT_EQ(count_rows("files"), 10);
  EXPECT_EQ(count_blobs(), 10);
}

}  // namespace
}  // namespace souk::test
