// The disk as a bounded resource: uploads stop at a free-space floor, retention takes the
// files of deleted messages with it, and what a crash leaves between disk and database is
// cleaned up at start.
#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <fstream>

#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

class DiskLimits : public FilesTest {
 protected:
  std::filesystem::path blob_file(const v1::Attachment& file) {
    const std::string& hex = file.sha256_hex();
    return server_->data_dir() / "files" / hex.substr(0, 2) / hex;
  }

  int64_t free_bytes() {
    struct statvfs fs {};
    EXPECT_EQ(::statvfs(dir_.path().c_str(), &fs), 0);
    return static_cast<int64_t>(fs.f_bavail) * static_cast<int64_t>(fs.f_frsize);
  }

  // Waits until `table` has `rows` rows; returns how many it had last.
  int64_t wait_rows(const std::string& table, int64_t rows) {
    int64_t n = -1;
    for (int i = 0; i < 400; ++i) {
      n = count_rows(table);
      if (n == rows) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return n;
  }

  static void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }
};

TEST_F(DiskLimits, AnUploadIsRefusedAtTheFreeSpaceFloorAndNothingIsStored) {
  // A floor a gigabyte above what is free: the disk is "low" for this soukd, whatever else
  // the machine writes meanwhile.
  stop_server(SIGTERM);
  start({"--disk-free-floor-bytes", std::to_string(free_bytes() + (1LL << 30))});
  const auto anna = member("anna");
  const GeneratedFile source(21, 300 << 10);
  auto refused = files(anna).upload(source.spec("low-disk"), source.reader());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(refused.status().message(), "the server is low on disk space; try again later");
  EXPECT_EQ(files(anna).query_upload("low-disk").status().code(), Code::kNotFound);
  EXPECT_EQ(count_rows("uploads"), 0);
  EXPECT_EQ(count_rows("files"), 0);
  EXPECT_EQ(count_blobs(), 0);
  EXPECT_EQ(count_partials(), 0);
  // Messages still go through: the floor keeps room for them.
  member("ben");
  auto sent = chat(anna).send(text_to("ben", "the photos will follow"));
  EXPECT_TRUE(sent.ok()) << sent.status().message();

  // With the floor well below what is free, the same upload goes through.
  EXPECT_EQ(stop_server(SIGTERM), 0);
  start({"--disk-free-floor-bytes", std::to_string(1 << 20)});
  auto stored = files(anna).upload(source.spec("low-disk"), source.reader());
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_EQ(count_blobs(), 1);
}

TEST_F(DiskLimits, AnUploadStopsWhenTheDiskFillsWhileItRunsAndResumesLater) {
  // A gigabyte of room above the floor: the upload starts. Then something else takes two.
  stop_server(SIGTERM);
  start({"--disk-free-floor-bytes", std::to_string(free_bytes() - (1LL << 30))});
  const auto anna = member("anna");
  const GeneratedFile source(23, 8LL << 20);
  const auto filler = dir_ / "filler";
  bool filled = false;
  auto stopped = files(anna).upload(source.spec("filling"), source.reader(), [&](int64_t, int64_t) {
    if (filled) return true;
    // Once the header was accepted (the upload exists), the disk fills up.
    for (int i = 0; i < 200 && !files(anna).query_upload("filling").ok(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const int fd = ::open(filler.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::posix_fallocate(fd, 0, 2LL << 30), 0);
    ::close(fd);
    filled = true;
    return true;
  });
  ASSERT_TRUE(filled);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(stopped.status().message(), "the server is low on disk space; try again later");
  EXPECT_EQ(count_rows("files"), 0);
  auto kept = files(anna).query_upload("filling");
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_FALSE(kept->complete());
  // Room again: the same upload finishes.
  std::filesystem::remove(filler);
  auto done = files(anna).upload(source.spec("filling"), source.reader());
  ASSERT_TRUE(done.ok()) << done.status().message();
  EXPECT_EQ(done->sha256_hex(), hex_encode(source.sha256()));
}

TEST_F(DiskLimits, RetentionRemovesTheFilesOfDeletedMessagesAndGivesTheQuotaBack) {
  const std::string quota = "400000";
  stop_server(SIGTERM);
  start({"--storage-quota-bytes", quota});
  const auto anna = member("anna");
  member("ben");
  auto gone = upload(anna, std::string(300000, 'g'), "catalogue.pdf");
  auto shared_old = upload(anna, "the same bytes twice", "old copy.txt");
  auto shared_new = upload(anna, "the same bytes twice", "new copy.txt");
  auto forwarded = upload(anna, "sent in both messages", "price list.txt");
  auto unsent = upload(anna, "uploaded, never sent", "draft.txt");
  for (const auto* f : {&gone, &shared_old, &shared_new, &forwarded, &unsent}) {
    ASSERT_TRUE(f->ok()) << f->status().message();
  }
  auto old_message =
      send_files(anna, "ben", {gone->file_id(), shared_old->file_id(), forwarded->file_id()});
  ASSERT_TRUE(old_message.ok()) << old_message.status().message();
  auto new_message = send_files(anna, "ben", {shared_new->file_id(), forwarded->file_id()});
  ASSERT_TRUE(new_message.ok()) << new_message.status().message();
  // The quota is what stands in the way of another big file.
  EXPECT_EQ(upload(anna, std::string(300000, 'n')).status().code(), Code::kResourceExhausted);
  ASSERT_EQ(count_rows("files"), 5);
  ASSERT_EQ(count_blobs(), 4);

  // The first message is ten days old when soukd comes back with a one-day retention.
  EXPECT_EQ(stop_server(SIGTERM), 0);
  {
    storage::Database db(server_->database(), storage::Database::Mode::kReadWrite);
    db.prepare("UPDATE messages SET created_at_ms = created_at_ms - ? WHERE id = ?")
        .bind_all(10 * kDayMs, old_message->message().id())
        .run();
  }
  start({"--storage-quota-bytes", quota, "--message-retention-days", "1"});
  ASSERT_EQ(wait_rows("files", 3), 3) << server_->log();
  EXPECT_EQ(count_rows("messages"), 1);
  EXPECT_FALSE(std::filesystem::exists(blob_file(*gone)));
  // Its bytes are still another file's; the file that went alone takes its row only.
  EXPECT_TRUE(std::filesystem::exists(blob_file(*shared_new)));
  EXPECT_TRUE(std::filesystem::exists(blob_file(*forwarded)));
  EXPECT_TRUE(std::filesystem::exists(blob_file(*unsent)));
  EXPECT_EQ(count_blobs(), 3);
  EXPECT_EQ(download(anna, gone->file_id()).status().code(), Code::kNotFound);
  EXPECT_EQ(download(anna, shared_old->file_id()).status().code(), Code::kNotFound);
  auto still = download(anna, shared_new->file_id());
  ASSERT_TRUE(still.ok()) << still.status().message();
  EXPECT_EQ(*still, "the same bytes twice");
  auto kept = download(anna, forwarded->file_id());
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_EQ(*kept, "sent in both messages");
  ASSERT_TRUE(download(anna, unsent->file_id()).ok());
  // The space the deleted file took counts for its owner no more.
  auto room = upload(anna, std::string(300000, 'n'));
  EXPECT_TRUE(room.ok()) << room.status().message();
}

TEST_F(DiskLimits, BytesWithoutARowAreRemovedAtStartAndEverythingRecordedStays) {
  const auto anna = member("anna");
  member("ben");
  auto sent = upload(anna, "the invoice", "invoice.txt");
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  ASSERT_TRUE(send_files(anna, "ben", {sent->file_id()}).ok());
  auto unsent = upload(anna, "a file not sent yet", "draft.txt");
  ASSERT_TRUE(unsent.ok()) << unsent.status().message();
  const GeneratedFile big(22, 2LL << 20);
  ASSERT_FALSE(
      files(anna).upload(big.spec("half"), big.reader(), stop_once_started(anna, "half")).ok());
  ASSERT_EQ(count_partials(), 1);
  EXPECT_EQ(stop_server(SIGTERM), 0);

  // What a crash between the disk and the database leaves: a blob stored without its file
  // row, the partial file of an upload whose row is gone. And something that is not the
  // store's at all, which it must leave alone.
  const std::string orphan = hex_encode(sha256("stored, never recorded"));
  const auto data = server_->data_dir();
  const auto orphan_blob = data / "files" / orphan.substr(0, 2) / orphan;
  write_file(orphan_blob, "stored, never recorded");
  const auto orphan_partial = data / "uploads" / "987654.part";
  write_file(orphan_partial, "half an upload nobody knows");
  const auto foreign = data / "files" / "README.txt";
  write_file(foreign, "the operator's note");

  start();
  EXPECT_FALSE(std::filesystem::exists(orphan_blob)) << server_->log();
  EXPECT_FALSE(std::filesystem::exists(orphan_partial)) << server_->log();
  EXPECT_TRUE(std::filesystem::exists(foreign));
  EXPECT_EQ(count_blobs(), 3);  // the two files, and the note
  EXPECT_EQ(count_partials(), 1);
  auto invoice = download(anna, sent->file_id());
  ASSERT_TRUE(invoice.ok()) << invoice.status().message();
  EXPECT_EQ(*invoice, "the invoice");
  ASSERT_TRUE(download(anna, unsent->file_id()).ok());
  // The half-sent upload resumes and finishes.
  auto resumed = files(anna).upload(big.spec("half"), big.reader());
  ASSERT_TRUE(resumed.ok()) << resumed.status().message();
  EXPECT_EQ(resumed->sha256_hex(), hex_encode(big.sha256()));
}

}  // namespace
}  // namespace souk::test
