#include "server/rpc/chunk_buffers.hpp"

#include <grpcpp/support/byte_buffer.h>
#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <vector>

namespace souk::rpc {
namespace {

TEST(ChunkBuffersTest, ABufferComesBackWhenGrpcLetsGoOfItsSlice) {
  auto buffers = ChunkBuffers::make(4096, 2);
  auto buffer = buffers->take();
  ASSERT_EQ(buffer.capacity(), 4096U);
  std::memcpy(buffer.data(), "chunk", 5);
  const char* bytes = buffer.data();
  std::optional<grpc::ByteBuffer> sent;
  {
    grpc::Slice slice = ChunkBuffers::to_slice(std::move(buffer), 5);
    sent.emplace(&slice, 1);
  }
  EXPECT_EQ(buffers->kept(), 0U) << "still referred to by the message being sent";
  std::vector<grpc::Slice> out;
  ASSERT_TRUE(sent->Dump(&out).ok());
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(out[0].begin()), out[0].size()), "chunk");
  out.clear();
  sent.reset();
  EXPECT_EQ(buffers->kept(), 1U);
  EXPECT_EQ(buffers->take().data(), bytes) << "the same memory is reused";
}

TEST(ChunkBuffersTest, OnlySoManyAreKept) {
  auto buffers = ChunkBuffers::make(1024, 2);
  {
    std::vector<ChunkBuffers::Buffer> taken;
    for (int i = 0; i < 5; ++i) taken.push_back(buffers->take());
  }
  EXPECT_EQ(buffers->kept(), 2U);
}

TEST(ChunkBuffersTest, ASliceMayOutliveThePoolsOwner) {
  auto buffers = ChunkBuffers::make(1024, 2);
  auto slice = std::make_optional(ChunkBuffers::to_slice(buffers->take(), 10));
  buffers.reset();  // the service is gone; gRPC still holds a chunk it is sending
  EXPECT_EQ(slice->size(), 10U);
  slice.reset();  // frees the buffer and the pool with it; ASan checks nothing leaks
}

}  // namespace
}  // namespace souk::rpc
