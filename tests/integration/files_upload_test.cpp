// Uploads: verified by SHA-256, stored once per content, names cleaned, limits enforced.
#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

using FilesUpload = FilesTest;

TEST_F(FilesUpload, AFileComesBackByteForByteAndAnEmptyOneToo) {
  const auto anna = member("anna");
  const std::string bytes = GeneratedFile(1, 700'000).bytes();  // a few chunks and a tail
  auto file = upload(anna, bytes, "price list.csv", "text/csv");
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->name(), "price list.csv");
  EXPECT_EQ(file->size(), 700'000);
  EXPECT_EQ(file->mime_type(), "text/csv");
  EXPECT_EQ(file->sha256_hex(), hex_encode(souk::sha256(bytes)));
  EXPECT_EQ(file->uploader(), "anna");
  EXPECT_EQ(file->width(), 0) << "not a photo";
  auto back = download(anna, file->file_id());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(*back == bytes);

  auto empty = upload(anna, "", "empty.txt");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_EQ(empty->size(), 0);
  auto nothing = download(anna, empty->file_id());
  ASSERT_TRUE(nothing.ok()) << nothing.status().message();
  EXPECT_TRUE(nothing->empty());
  EXPECT_EQ(count_partials(), 0);
}

TEST_F(FilesUpload, AWrongHashIsDataLossAndNothingIsKept) {
  const auto anna = member("anna");
  const std::string bytes = GeneratedFile(2, 300'000).bytes();
  client::UploadSpec spec{"wrong-hash", "a.bin", static_cast<int64_t>(bytes.size()), "",
                          souk::sha256("something else")};
  auto result = files(anna).upload(spec, GeneratedFile(2, 300'000).reader());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), Code::kDataLoss) << result.status().message();
  EXPECT_NE(result.status().message().find(hex_encode(souk::sha256(bytes))), std::string::npos)
      << result.status().message();
  EXPECT_EQ(count_rows("files"), 0);
  EXPECT_EQ(count_rows("uploads"), 0);
  EXPECT_EQ(count_blobs(), 0);
  EXPECT_EQ(count_partials(), 0);
  EXPECT_EQ(files(anna).query_upload("wrong-hash").status().code(), Code::kNotFound);
}

TEST_F(FilesUpload, TheSameBytesAreStoredOnceWhoeverSendsThem) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  const std::string bytes = GeneratedFile(3, 200'000).bytes();
  auto first = upload(anna, bytes, "catalogue.pdf", "application/pdf");
  auto second = upload(li, bytes, "copy of catalogue.pdf", "application/pdf");
  auto again = upload(anna, bytes, "catalogue again.pdf", "application/pdf");
  ASSERT_TRUE(first.ok() && second.ok() && again.ok());
  EXPECT_NE(first->file_id(), second->file_id());
  EXPECT_NE(first->file_id(), again->file_id());
  EXPECT_EQ(second->name(), "copy of catalogue.pdf");
  EXPECT_EQ(count_rows("files"), 3);
  EXPECT_EQ(count_blobs(), 1);
  auto back = download(li, second->file_id());
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == bytes);
}

TEST_F(FilesUpload, NamesLoseTheirPathsAndControlCharacters) {
  const auto anna = member("anna");
  const std::string long_stem(300, 'x');
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xC3\xA9";  // é, two bytes each
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"../../etc/passwd", "passwd"},
      {"C:\\Users\\anna\\Desktop\\photo.jpg", "photo.jpg"},
      {"in\x01voi\x7F"
       "ce\n.txt",
       "invoice.txt"},
      {"\xE2\x80\xAEgpj.exe", "gpj.exe"},  // a right-to-left override would show "exe.jpg"
      {long_stem + ".pdf", std::string(251, 'x') + ".pdf"},
      {accented, accented.substr(0, 254)},  // 255 would split a character
  };
  for (const auto& [raw, cleaned] : cases) {
    auto file = upload(anna, "content", raw);
    ASSERT_TRUE(file.ok()) << raw << ": " << file.status().message();
    EXPECT_EQ(file->name(), cleaned) << raw;
    EXPECT_LE(file->name().size(), 255u);
  }
  for (const std::string bad : {"\xFF\xFE.txt", "/../", "dir/", "\x01\x02"}) {
    auto refused = upload(anna, "content", bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.status().code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_EQ(count_rows("files"), static_cast<int64_t>(cases.size()));
  // Nothing was written anywhere a name pointed to.
  EXPECT_FALSE(std::filesystem::exists(server_->data_dir() / "passwd"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "etc"));
}

class FilesLimits : public FilesTest {
 protected:
  void SetUp() override {
    start({"--max-file-bytes", "1048576", "--storage-quota-bytes", "2097152"});
  }
};

TEST_F(FilesLimits, SizeAndQuotaAreEnforcedBeforeAnyByteIsStored) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  auto too_big = upload(anna, std::string((1 << 20) + 1, 'b'));
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.status().code(), Code::kResourceExhausted);
  EXPECT_NE(too_big.status().message().find("max_file_bytes is 1048576"), std::string::npos)
      << too_big.status().message();
  EXPECT_EQ(count_rows("uploads"), 0);

  ASSERT_TRUE(upload(anna, std::string(1 << 20, 'a')).ok());
  ASSERT_TRUE(upload(anna, std::string(1 << 20, 'c')).ok());
  auto over_quota = upload(anna, "one byte more");
  ASSERT_FALSE(over_quota.ok());
  EXPECT_EQ(over_quota.status().code(), Code::kResourceExhausted);
  EXPECT_NE(over_quota.status().message().find("storage_quota_bytes is 2097152"), std::string::npos)
      << over_quota.status().message();
  EXPECT_EQ(count_rows("files"), 2);
  // The quota is each member's own.
  EXPECT_TRUE(upload(li, std::string(1 << 20, 'a')).ok());
}

}  // namespace
}  // namespace souk::test
