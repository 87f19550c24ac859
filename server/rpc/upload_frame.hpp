#pragma once

#include <grpcpp/support/byte_buffer.h>

#include <string_view>
#include <vector>

namespace souk::rpc {

// The chunk of an UploadFile frame that is a chunk and nothing else (the field's tag, its
// length, its bytes), as views into the slices the frame arrived in: `slices` keeps them
// referenced, `pieces` gets the chunk's bytes in order. Anything else (a header, an unknown
// field, a frame cut short) gives false and is left to protobuf's parser, which says
// exactly what is wrong with it. Parsing copied every chunk once more on gRPC's threads.
bool chunk_pieces(const grpc::ByteBuffer& frame, std::vector<grpc::Slice>& slices,
                  std::vector<std::string_view>& pieces);

}  // namespace souk::rpc
