#include "server/rpc/upload_frame.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "souk/v1/files.pb.h"

namespace souk::rpc {
namespace {

// The frame's bytes as gRPC might hand them over: cut into slices at these offsets.
grpc::ByteBuffer in_slices(const std::string& bytes, std::vector<size_t> cuts) {
  std::vector<grpc::Slice> slices;
  size_t from = 0;
  cuts.push_back(bytes.size());
  for (const size_t to : cuts) {
    slices.emplace_back(bytes.substr(from, to - from));
    from = to;
  }
  return grpc::ByteBuffer(slices.data(), slices.size());
}

std::string joined(const std::vector<std::string_view>& pieces) {
  std::string out;
  for (const auto piece : pieces) out.append(piece);
  return out;
}

std::string chunk_frame(const std::string& chunk) {
  v1::UploadFileRequest frame;
  frame.set_chunk(chunk);
  return frame.SerializeAsString();
}

TEST(UploadFrameTest, AChunkComesOutWholeWhereverTheSlicesAreCut) {
  std::string chunk(300'000, '\0');
  for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<char>(i * 7 + i / 251);
  const std::string bytes = chunk_frame(chunk);
  ASSERT_EQ(bytes.size(), 1 + 3 + chunk.size());  // a three-byte length
  for (const auto& cuts : std::vector<std::vector<size_t>>{
           {}, {1}, {2}, {3}, {4}, {1, 2, 3}, {5, 70'000, 200'003}, {4, 4, 299'999}}) {
    std::vector<grpc::Slice> slices;
    std::vector<std::string_view> pieces;
    ASSERT_TRUE(chunk_pieces(in_slices(bytes, cuts), slices, pieces)) << cuts.size();
    EXPECT_EQ(joined(pieces), chunk) << cuts.size();
  }
}

TEST(UploadFrameTest, AnEmptyChunkHasNoPieces) {
  std::vector<grpc::Slice> slices;
  std::vector<std::string_view> pieces{"left over"};
  ASSERT_TRUE(chunk_pieces(in_slices(chunk_frame(""), {}), slices, pieces));
  EXPECT_TRUE(pieces.empty());
}

TEST(UploadFrameTest, APaddedLengthIsStillALength) {
  // 5 in two bytes: valid protobuf, if not what protobuf writes.
  std::vector<grpc::Slice> slices;
  std::vector<std::string_view> pieces;
  ASSERT_TRUE(
      chunk_pieces(in_slices(std::string("\x12\x85\x00", 3) + "abcde", {2}), slices, pieces));
  EXPECT_EQ(joined(pieces), "abcde");
  v1::UploadFileRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(std::string("\x12\x85\x00", 3) + "abcde"));
  EXPECT_EQ(parsed.chunk(), "abcde");
}

TEST(UploadFrameTest, EverythingButABareChunkIsLeftToTheParser) {
  v1::UploadFileRequest header;
  header.mutable_header()->set_name("a.bin");
  const std::string chunk = chunk_frame("bytes");
  std::vector<std::string> frames = {
      header.SerializeAsString(),
      chunk + "\x08\x01",                       // a field after the chunk
      chunk.substr(0, chunk.size() - 1),        // cut short
      std::string("\x12\x85\x00", 3) + "abcd",  // a padded length of 5, and 4 bytes
      "\x12",                                   // no length at all
      "",
  };
  frames.push_back(std::string("\x12\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12));
  for (const auto& bytes : frames) {
    std::vector<grpc::Slice> slices;
    std::vector<std::string_view> pieces;
    EXPECT_FALSE(chunk_pieces(in_slices(bytes, {}), slices, pieces)) << bytes.size();
  }
}

}  // namespace
}  // namespace souk::rpc
