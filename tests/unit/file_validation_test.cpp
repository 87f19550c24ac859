#include "common/file_validation.hpp"

#include <gtest/gtest.h>

namespace souk {
namespace {

std::string cleaned(std::string_view raw) {
  auto name = clean_file_name(raw);
  EXPECT_TRUE(name.ok()) << raw << ": " << name.status().message();
  return name.ok() ? *name : "";
}

TEST(FileNames, KeepOnlyTheLastPathPart) {
  EXPECT_EQ(cleaned("../../etc/passwd"), "passwd");
  EXPECT_EQ(cleaned("..\\..\\boot.ini"), "boot.ini");
  EXPECT_EQ(cleaned("/abs/path/photo 1.jpg"), "photo 1.jpg");
  EXPECT_EQ(cleaned("..hidden"), "..hidden") << "dots inside a name are fine";
}

TEST(FileNames, DropControlAndBidiCharactersAndOuterSpaces) {
  EXPECT_EQ(cleaned("  a\tb\r\nc\x1b[31m.txt  "), "abc[31m.txt");
  EXPECT_EQ(cleaned("x\xC2\x85y"), "xy") << "U+0085, a C1 control";
  EXPECT_EQ(cleaned("\xE2\x81\xA6photo\xE2\x81\xA9.png"), "photo.png") << "isolates";
  EXPECT_EQ(cleaned("价格表.xlsx"), "价格表.xlsx");
}

TEST(FileNames, LongNamesAreCutAtACharacterKeepingTheExtension) {
  std::string chinese;
  for (int i = 0; i < 100; ++i) chinese += "价";  // three bytes each
  const auto name = cleaned(chinese + ".jpeg");
  EXPECT_LE(name.size(), 255u);
  EXPECT_TRUE(name.ends_with("价.jpeg")) << name;
  EXPECT_EQ((name.size() - 5) % 3, 0u);
  const auto no_ext = cleaned(std::string(256, 'n'));
  EXPECT_EQ(no_ext, std::string(255, 'n'));
}

TEST(FileNames, NothingUsableIsRefused) {
  for (const std::string bad : {"", " ", ".", "..", "a/", "\x01", "bad\xC3", "\xED\xA0\x80"}) {
    EXPECT_EQ(clean_file_name(bad).status().code(), Code::kInvalidArgument) << bad;
  }
}

TEST(MimeTypes, CleanedOrRefused) {
  EXPECT_EQ(*clean_mime_type(""), "application/octet-stream");
  EXPECT_EQ(*clean_mime_type("Image/PNG"), "image/png");
  EXPECT_EQ(*clean_mime_type("text/plain; charset=utf-8"), "text/plain; charset=utf-8");
  for (const std::string bad : {"png", "/png", "image/", "image/p\x01ng", " image/png"}) {
    EXPECT_FALSE(clean_mime_type(bad).ok()) << bad;
  }
}

TEST(FileIds, PrintableAndShort) {
  EXPECT_TRUE(validate_upload_id("u-123").ok());
  EXPECT_FALSE(validate_upload_id("").ok());
  EXPECT_FALSE(validate_upload_id(std::string(65, 'a')).ok());
  EXPECT_FALSE(validate_upload_id("has space").ok());
  EXPECT_FALSE(validate_file_id("f\n").ok());
}

}  // namespace
}  // namespace souk
