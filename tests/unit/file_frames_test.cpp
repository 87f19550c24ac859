// File chunks are framed and unframed by hand around gRPC's slices, so that their bytes are
// not copied: the frames must still be exactly what protobuf writes and reads.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "server/rpc/download_stream.hpp"
#include "server/rpc/upload_stream.hpp"
#include "souk/v1/files.pb.h"

namespace souk::rpc {
namespace {

std::string joined(const std::vector<std::string_view>& pieces) {
  std::string out;
  for (const auto piece : pieces) out += piece;
  return out;
}

std::vector<grpc::Slice> slices_of(const std::string& bytes, std::vector<size_t> cuts) {
  std::vector<grpc::Slice> out;
  size_t at = 0;
  cuts.push_back(bytes.size());
  for (const size_t cut : cuts) {
    out.emplace_back(bytes.data() + at, cut - at);
    at = cut;
  }
  return out;
}

v1::DownloadFileResponse parsed(grpc::ByteBuffer frame) {
  v1::DownloadFileResponse out;
  EXPECT_TRUE(grpc::SerializationTraits<v1::DownloadFileResponse>::Deserialize(&frame, &out).ok());
  return out;
}

TEST(FileFrames, DownloadFrameReadsAsTheMessage) {
  v1::Attachment file;
  file.set_file_id("f1");
  file.set_size(300000);
  file.set_name("photo.jpg");
  const std::string bytes(200000, 'x');
  const auto first = parsed(download_frame(&file, 0, grpc::Slice(bytes)));
  EXPECT_EQ(first.file().file_id(), "f1");
  EXPECT_EQ(first.file().size(), 300000);
  EXPECT_EQ(first.offset(), 0);
  EXPECT_EQ(first.chunk(), bytes);

  const auto later = parsed(download_frame(nullptr, 200000, grpc::Slice(std::string(100, 'y'))));
  EXPECT_FALSE(later.has_file());
  EXPECT_EQ(later.offset(), 200000);
  EXPECT_EQ(later.chunk(), std::string(100, 'y'));

  const auto empty = parsed(download_frame(&file, 300000, grpc::Slice()));
  EXPECT_EQ(empty.file().file_id(), "f1");
  EXPECT_EQ(empty.offset(), 300000);
  EXPECT_TRUE(empty.chunk().empty());
}

TEST(FileFrames, BareChunkFindsTheChunkAcrossSlices) {
  v1::UploadFileRequest request;
  std::string chunk(70000, '\0');
  for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<char>(i * 7);
  request.set_chunk(chunk);
  const std::string wire = request.SerializeAsString();
  // Cut inside the key, inside the length and inside the bytes.
  for (const auto& cuts : std::vector<std::vector<size_t>>{{}, {1}, {2}, {3, 40000}, {4, 5, 6}}) {
    const auto pieces = bare_chunk(slices_of(wire, cuts));
    ASSERT_TRUE(pieces.has_value());
    EXPECT_EQ(joined(*pieces), chunk);
  }
}

TEST(FileFrames, BareChunkLeavesOtherFramesToTheParser) {
  v1::UploadFileRequest header;
  header.mutable_header()->set_upload_id("u1");
  EXPECT_FALSE(bare_chunk(slices_of(header.SerializeAsString(), {})).has_value());

  v1::UploadFileRequest request;
  request.set_chunk(std::string(1000, 'a'));
  const std::string wire = request.SerializeAsString();
  // Shorter or longer than its length says, or followed by another field.
  EXPECT_FALSE(bare_chunk(slices_of(wire.substr(0, wire.size() - 1), {})).has_value());
  EXPECT_FALSE(bare_chunk(slices_of(wire + "z", {})).has_value());
  EXPECT_FALSE(bare_chunk(slices_of(wire + header.SerializeAsString(), {})).has_value());
  EXPECT_FALSE(bare_chunk({}).has_value());

  v1::UploadFileRequest empty;
  empty.set_chunk("");
  const auto none = bare_chunk(slices_of(empty.SerializeAsString(), {}));
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace souk::rpc
