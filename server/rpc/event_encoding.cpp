#include "server/rpc/event_encoding.hpp"

#include <memory>
#include <string>

#include "server/rpc/chat_mapping.hpp"
#include "souk/v1/chat.pb.h"

namespace souk::rpc {

namespace {

using SharedMessage = std::shared_ptr<const storage::MessageRecord>;

// Length-delimited fields: SubscribeResponse.events, Event.message, Message.text.
constexpr char kEventsTag = (1 << 3) | 2;
constexpr char kMessageTag = (10 << 3) | 2;
constexpr char kTextTag = (6 << 3) | 2;

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

size_t varint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// A slice over the message's text that keeps its record alive until gRPC is done with it.
// The record is immutable once committed, so the bytes cannot change under the slice.
grpc::Slice text_slice(const SharedMessage& message) {
  auto* owner = new SharedMessage(message);
  return grpc::Slice(
      const_cast<char*>(message->text.data()), message->text.size(),
      [](void* p) { delete static_cast<SharedMessage*>(p); }, owner);
}

}  // namespace

grpc::ByteBuffer encode_batch(const std::vector<storage::EventRecord>& batch) {
  std::vector<grpc::Slice> slices;
  std::string own;  // this stream's bytes since the last shared slice
  for (const auto& e : batch) {
    const bool shared = e.kind == storage::EventKind::kMessage && e.message &&
                        e.message->text.size() >= kSharedTextBytes;
    if (!shared) {
      v1::Event event;
      fill_event(e, &event);
      const std::string bytes = event.SerializeAsString();
      own.push_back(kEventsTag);
      put_varint(own, bytes.size());
      own += bytes;
      continue;
    }
    // The same fields that serialising the whole Event would give; a parser takes them in
    // any order, so the text goes last, where it can be a slice of its own.
    v1::Event head;
    head.set_seq(e.seq);
    head.set_server_time_ms(e.created_at_ms);
    const std::string head_bytes = head.SerializeAsString();
    v1::Message fields;
    fill_message(*e.message, &fields, /*with_text=*/false);
    const std::string field_bytes = fields.SerializeAsString();
    const size_t text_size = e.message->text.size();
    const size_t message_size = field_bytes.size() + 1 + varint_size(text_size) + text_size;
    const size_t event_size = head_bytes.size() + 1 + varint_size(message_size) + message_size;
    own.push_back(kEventsTag);
    put_varint(own, event_size);
    own += head_bytes;
    own.push_back(kMessageTag);
    put_varint(own, message_size);
    own += field_bytes;
    own.push_back(kTextTag);
    put_varint(own, text_size);
    slices.emplace_back(own);
    own.clear();
    slices.push_back(text_slice(e.message));
  }
  if (!own.empty() || slices.empty()) slices.emplace_back(own);
  return grpc::ByteBuffer(slices.data(), slices.size());
}

}  // namespace souk::rpc
