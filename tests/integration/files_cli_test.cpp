// souk-cli's file commands, as a person or a script uses them.
#include <fstream>

#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

using FilesCli = FilesTest;

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

TEST_F(FilesCli, SendWithAttachmentsListThemAndDownloadResumingAPartialCopy) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna"}).exit_code, 0);
  ASSERT_EQ(
      cli("li", {"register", "seller.li", "--name", "Li", "--seller", "--shop", "Li's"}).exit_code,
      0);
  ASSERT_EQ(cli("bob", {"register", "bob", "--name", "Bob"}).exit_code, 0);
  const std::string catalogue = GeneratedFile(5, 900'000).bytes();
  std::string gif = "GIF89a";
  gif += std::string("\x40\x01\xF0\x00", 4) + std::string(200, '\0');  // 320x240
  write_file(dir_ / "catalogue.pdf", catalogue);
  write_file(dir_ / "sample.gif", gif);

  auto sent = cli("anna", {"--json", "send", "seller.li", "the catalogue", "--attach",
                           (dir_ / "catalogue.pdf").string(), (dir_ / "sample.gif").string()});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_NE(sent.err.find("100%"), std::string::npos) << "a progress bar: " << sent.err;
  const auto message = json_line(sent.out);
  ASSERT_EQ(message["attachments"].size(), 2u) << sent.out;
  // Photos only, no text.
  auto photo_only = cli("anna", {"send", "seller.li", "--attach", (dir_ / "sample.gif").string()});
  ASSERT_EQ(photo_only.exit_code, 0) << photo_only.err;

  auto listed = cli("li", {"--json", "files", "anna"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  auto files = json_lines(listed.out);
  ASSERT_EQ(files.size(), 3u) << listed.out;
  // Newest message first, then in the order they were attached.
  EXPECT_EQ(files[0]["name"], "sample.gif");
  EXPECT_EQ(files[0]["width"], 320);
  EXPECT_EQ(files[0]["height"], 240);
  EXPECT_EQ(files[1]["name"], "catalogue.pdf");
  EXPECT_EQ(files[1]["mime_type"], "application/pdf");
  EXPECT_EQ(files[1]["size"], 900'000);
  EXPECT_EQ(files[2]["name"], "sample.gif");
  const std::string id = files[1]["file_id"];

  // A partial copy left by an interrupted run is continued, then checked as a whole.
  const auto out = dir_ / "downloaded.pdf";
  write_file(out, catalogue.substr(0, 400'000));
  auto resumed = cli("li", {"--json", "download", id, "-o", out.string()});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(json_line(resumed.out)["resumed_from"], 400'000);
  EXPECT_NE(resumed.err.find("100%"), std::string::npos) << resumed.err;
  EXPECT_TRUE(read_file(out) == catalogue);

  // A different file in the way is not passed off as the download.
  const auto wrong = dir_ / "wrong.pdf";
  write_file(wrong, std::string(1000, 'z'));
  auto mismatch = cli("li", {"download", id, "-o", wrong.string()});
  EXPECT_EQ(mismatch.exit_code, 1);
  EXPECT_NE(mismatch.err.find("DATA_LOSS"), std::string::npos) << mismatch.err;

  auto stranger = cli("bob", {"download", id, "-o", (dir_ / "bob.pdf").string()});
  EXPECT_EQ(stranger.exit_code, 1);
  EXPECT_NE(stranger.err.find("NOT_FOUND"), std::string::npos) << stranger.err;
  EXPECT_EQ(cli("bob", {"files", "anna"}).exit_code, 1);

  // The recipient's history shows the attachments.
  auto history = cli("li", {"history", "anna"});
  EXPECT_NE(history.out.find("[file] " + id + "  catalogue.pdf  878.9 KiB  application/pdf"),
            std::string::npos)
      << history.out;
}

}  // namespace
}  // namespace souk::test
