// Who may read a file, and files reaching a recipient who was offline when they were sent.
#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

using FilesAccess = FilesTest;

// The first bytes of a PNG: signature and header chunk, which is all a size needs.
std::string png_header(uint32_t width, uint32_t height) {
  std::string png = "\x89PNG\r\n\x1a\n";
  png += std::string("\0\0\0\x0d", 4) + "IHDR";
  for (uint32_t v : {width, height}) {
    for (int shift = 24; shift >= 0; shift -= 8) png += static_cast<char>((v >> shift) & 0xFF);
  }
  png += std::string("\x08\x06\0\0\0", 5);  // 8-bit RGBA, no interlace
  png += std::string(4, '\0');              // CRC (not checked for the size)
  return png + std::string(1000, '\0');
}

std::string gif_header(uint16_t width, uint16_t height) {
  std::string gif = "GIF89a";
  for (uint16_t v : {width, height}) {
    gif += static_cast<char>(v & 0xFF);
    gif += static_cast<char>(v >> 8);
  }
  return gif + std::string("\0\0\0", 3) + std::string(500, '\0');
}

TEST_F(FilesAccess, OnlyTheUploaderAndMembersWhereItWasSharedMayReadAFile) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  const auto bob = member("bob");
  auto file = upload(anna, "quotation for 500 dresses", "quote.txt");
  ASSERT_TRUE(file.ok()) << file.status().message();
  const std::string id = file->file_id();

  // Not shared yet: only anna.
  EXPECT_TRUE(download(anna, id).ok());
  EXPECT_EQ(download(li, id).status().code(), Code::kNotFound);
  EXPECT_EQ(download(bob, id).status().code(), Code::kNotFound);
  EXPECT_EQ(download(bob, "fNoSuchFile").status().code(), Code::kNotFound)
      << "unknown and forbidden look the same";
  EXPECT_EQ(download("", id).status().code(), Code::kUnauthenticated);
  // Nobody sends what they may not read.
  auto stolen = send_files(bob, "seller.li", {id});
  ASSERT_FALSE(stolen.ok());
  EXPECT_EQ(stolen.status().code(), Code::kNotFound);
  EXPECT_EQ(count_rows("messages"), 0);

  // Shared with li: li may read it, bob still not.
  auto sent = send_files(anna, "seller.li", {id}, "see attached");
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  ASSERT_EQ(sent->message().attachments_size(), 1);
  EXPECT_EQ(sent->message().attachments(0).file_id(), id);
  auto as_li = download(li, id);
  ASSERT_TRUE(as_li.ok()) << as_li.status().message();
  EXPECT_EQ(*as_li, "quotation for 500 dresses");
  EXPECT_EQ(download(bob, id).status().code(), Code::kNotFound);

  // li passes it on to bob: now bob may read it too.
  ASSERT_TRUE(send_files(li, "bob", {id}).ok());
  EXPECT_TRUE(download(bob, id).ok());

  // Listing a conversation's files needs membership.
  v1::ListFilesRequest list;
  *list.mutable_conversation() = client::ChatClient::peer("anna");
  auto listed = files(li).list(list);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->files_size(), 1);
  EXPECT_EQ(listed->files(0).file().name(), "quote.txt");
  EXPECT_EQ(listed->files(0).sender(), "anna");
  v1::ListFilesRequest foreign;
  *foreign.mutable_conversation() =
      client::ChatClient::conversation(sent->message().conversation_id());
  EXPECT_EQ(files(bob).list(foreign).status().code(), Code::kNotFound);
}

TEST_F(FilesAccess, BadAttachmentListsAreRefusedAndChangeNothing) {
  const auto anna = member("anna");
  member("seller.li");
  auto file = upload(anna, "x");
  ASSERT_TRUE(file.ok());
  auto twice = send_files(anna, "seller.li", {file->file_id(), file->file_id()});
  EXPECT_EQ(twice.status().code(), Code::kInvalidArgument);
  auto empty = send_files(anna, "seller.li", {});
  EXPECT_EQ(empty.status().code(), Code::kInvalidArgument) << "no text and no file";
  std::vector<std::string> many(33, file->file_id());
  EXPECT_EQ(send_files(anna, "seller.li", many).status().code(), Code::kResourceExhausted);
  EXPECT_EQ(count_rows("messages"), 0);
  EXPECT_EQ(count_rows("message_attachments"), 0);
}

TEST_F(FilesAccess, AnOfflineRecipientSeesPhotoSizesAndDownloadsLater) {
  const auto anna = member("anna");
  member("seller.li");  // registered, then offline throughout
  const std::string png = png_header(640, 480);
  const std::string gif = gif_header(32, 16);
  auto photo = upload(anna, png, "dress.png", "image/png");
  auto animation = upload(anna, gif, "spin.gif", "image/gif");
  auto sheet = upload(anna, "size,price\nM,12\n", "sizes.csv", "text/csv");
  ASSERT_TRUE(photo.ok() && animation.ok() && sheet.ok());
  EXPECT_EQ(photo->width(), 640);
  EXPECT_EQ(photo->height(), 480);
  // Photos, no text: a valid message.
  auto sent =
      send_files(anna, "seller.li", {photo->file_id(), animation->file_id(), sheet->file_id()});
  ASSERT_TRUE(sent.ok()) << sent.status().message();

  // li logs in later: the queued message carries what a client shows before downloading.
  const auto li = another_device("seller.li");
  EventCollector stream(server_->address(), li);
  ASSERT_TRUE(stream.wait_for_messages(1));
  const auto message = stream.messages()[0];
  EXPECT_EQ(message.text(), "");
  ASSERT_EQ(message.attachments_size(), 3);
  const auto& a = message.attachments(0);
  EXPECT_EQ(a.name(), "dress.png");
  EXPECT_EQ(a.mime_type(), "image/png");
  EXPECT_EQ(a.size(), static_cast<int64_t>(png.size()));
  EXPECT_EQ(a.width(), 640);
  EXPECT_EQ(a.height(), 480);
  EXPECT_EQ(message.attachments(1).width(), 32);
  EXPECT_EQ(message.attachments(1).height(), 16);
  EXPECT_EQ(message.attachments(2).name(), "sizes.csv");
  EXPECT_EQ(message.attachments(2).width(), 0);

  auto got = download(li, a.file_id());
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_TRUE(*got == png);
  // History carries the same attachments.
  v1::GetHistoryRequest history;
  *history.mutable_conversation() = client::ChatClient::peer("anna");
  auto page = chat(li).history(history);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->messages(0).attachments_size(), 3);
  EXPECT_EQ(page->messages(0).attachments(2).sha256_hex(),
            hex_encode(souk::sha256("size,price\nM,12\n")));
}

}  // namespace
}  // namespace souk::test
