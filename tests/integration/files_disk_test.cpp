// The disk behind the files: full disks, expiry of abandoned uploads, steady memory.
#include <sys/resource.h>

#include <fstream>

#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

using FilesDisk = FilesTest;

TEST_F(FilesDisk, AFullDiskIsAClearErrorAndNeverAHalfFile) {
  const auto anna = member("anna");
  // A file size limit on soukd: every write past 4 MiB fails as on a full disk.
  rlimit limit{4 << 20, RLIM_INFINITY};
  ASSERT_EQ(::prlimit(server_->pid(), RLIMIT_FSIZE, &limit, nullptr), 0);
  const GeneratedFile source(9, 6LL << 20);
  auto result = files(anna).upload(source.spec("no-room"), source.reader());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kUnavailable);
  EXPECT_NE(result.status().message().find("disk is full"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(count_rows("files"), 0);
  auto query = files(anna).query_upload("no-room");
  ASSERT_TRUE(query.ok()) << query.status().message();
  EXPECT_FALSE(query->complete());
  EXPECT_LT(query->committed_offset(), 4LL << 20);
  // Room again: the same upload finishes.
  limit.rlim_cur = RLIM_INFINITY;
  ASSERT_EQ(::prlimit(server_->pid(), RLIMIT_FSIZE, &limit, nullptr), 0);
  auto done = files(anna).upload(source.spec("no-room"), source.reader());
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->sha256_hex(), hex_encode(source.sha256()));
}

TEST_F(FilesDisk, AnAbandonedUploadIsDroppedWithItsBytes) {
  const auto anna = member("anna");
  const GeneratedFile source(10, 2LL << 20);
  ASSERT_FALSE(
      files(anna)
          .upload(source.spec("abandoned"), source.reader(), stop_once_started(anna, "abandoned"))
          .ok());
  ASSERT_TRUE(files(anna).query_upload("abandoned").ok());
  EXPECT_EQ(count_partials(), 1);
  // Expiry counts from the last progress, so a shorter setting applies to old uploads too.
  EXPECT_EQ(stop_server(SIGTERM), 0);
  start({"--upload-expiry-seconds", "1"});
  // Checked every second once expired; wait for it, however slow this machine is.
  Status gone;
  for (int i = 0; i < 200; ++i) {
    gone = files(anna).query_upload("abandoned").status();
    if (gone.code() == Code::kNotFound) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(gone.code(), Code::kNotFound);
  for (int i = 0; i < 100 && count_partials() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(count_partials(), 0);
  EXPECT_EQ(count_rows("uploads"), 0);
}

}  // namespace
}  // namespace souk::test
