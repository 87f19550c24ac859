// The moments of an upload a SIGKILL can land in, set up exactly rather than by chance:
// the crash-consistency run found one of them (SOUK_CRASH_SEED=3748390367 lost six uploads).

#include <fstream>

#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

class UploadCrashWindowTest : public FilesTest {
 protected:
  void SetUp() override { start(args_); }

  // The upload's row id, which names its partial file.
  int64_t upload_row(const std::string& upload_id) {
    storage::Database db(server_->database(), storage::Database::Mode::kReadOnly);
    auto stmt = db.prepare("SELECT id FROM uploads WHERE upload_key = ?");
    stmt.bind_all(upload_id);
    return stmt.step() ? stmt.int64(0) : 0;
  }

  const std::vector<std::string> args_ = {"--upload-sync-bytes", "65536", "--file-chunk-bytes",
                                          "65536"};
};

// soukd verifies an upload, moves its bytes into the blob store and then records the
// file. Killed between the two, it used to come back with the upload unfinished, its
// partial file gone and the blob swept away as unused: every resume was DATA_LOSS.
TEST_F(UploadCrashWindowTest, KillBetweenStoringTheBlobAndRecordingTheFileStillFinishes) {
  const std::string token = member("crash.uploader");
  const GeneratedFile file(42, 300'000);
  const auto spec = file.spec("window-1");
  auto client = files(token);
  client.set_chunk_bytes(64 << 10);
  // Part of the file, so that the upload has committed bytes and no file yet: the stream
  // breaks off once soukd has committed some of it.
  int64_t committed = 0;
  auto partial = client.upload(spec, file.reader(), [&](int64_t done, int64_t) {
    if (done < 200'000) return true;
    for (int i = 0; i < 200 && committed == 0; ++i) {
      auto progress = files(token).query_upload("window-1");
      if (progress.ok()) committed = progress->committed_offset();
      if (committed == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  });
  ASSERT_FALSE(partial.ok());
  ASSERT_GT(committed, 0);
  const int64_t row = upload_row("window-1");
  ASSERT_GT(row, 0);
  ASSERT_EQ(stop_server(SIGKILL), 128 + SIGKILL);

  // What the disk holds when the kill lands right after the rename: the whole verified
  // file under its hash, no partial, and no file row.
  const std::string hex = hex_encode(spec.sha256);
  const auto blob = server_->data_dir() / "files" / hex.substr(0, 2) / hex;
  std::filesystem::create_directories(blob.parent_path());
  std::ofstream(blob, std::ios::binary) << file.bytes();
  ASSERT_TRUE(
      std::filesystem::remove(server_->data_dir() / "uploads" / (std::to_string(row) + ".part")));
  start(args_);

  auto done = files(token).upload(spec, file.reader());
  ASSERT_TRUE(done.ok()) << done.status().message() << "\n" << server_->log();
  EXPECT_EQ(done->sha256_hex(), hex);
  auto got = download(token, done->file_id());
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(sha256(*got), spec.sha256);
  EXPECT_EQ(count_blobs(), 1);
  EXPECT_EQ(count_partials(), 0);
}

}  // namespace
}  // namespace souk::test
