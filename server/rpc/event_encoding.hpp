#pragma once

#include <grpcpp/support/byte_buffer.h>

#include <memory>
#include <vector>

#include "server/storage/chat_records.hpp"

namespace souk::rpc {

// A batch of events as the bytes of one souk.v1.SubscribeResponse. A large message's text
// is not copied at all: every stream's buffer refers to the one record that all members'
// events share, and only the bytes around it (tags, lengths, seq, the message's other
// fields) are each stream's own. The record lives until the last stream has sent it.
grpc::ByteBuffer encode_batch(const std::vector<storage::EventRecord>& batch);

// SendMessage's reply, built the same way: the sender's copy of a large text is the one
// record the members' streams share.
grpc::ByteBuffer encode_send_reply(const std::shared_ptr<const storage::MessageRecord>& message,
                                   bool duplicate);

// Texts from this size up are referred to; smaller ones are cheaper to copy.
inline constexpr size_t kSharedTextBytes = 16 << 10;

}  // namespace souk::rpc
