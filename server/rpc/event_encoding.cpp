#include "server/rpc/event_encoding.hpp"

#include <memory>
#include <string>

#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/wire_bytes.hpp"
#include "souk/v1/chat.pb.h"

namespace souk::rpc {

namespace {

using SharedMessage = std::shared_ptr<const storage::MessageRecord>;

// Length-delimited fields: SubscribeResponse.events, Event.message, Message.text.
constexpr char kEventsTag = length_delimited_tag(1);
constexpr char kMessageTag = length_delimited_tag(10);
constexpr char kTextTag = length_delimited_tag(6);
// SendMessageResponse.message and .duplicate.
constexpr char kReplyMessageTag = length_delimited_tag(1);
constexpr char kReplyDuplicateTag = varint_tag(2);

// A slice over the message's text that keeps its record alive until gRPC is done with it.
// The record is immutable once committed, so the bytes cannot change under the slice.
grpc::Slice text_slice(const SharedMessage& message) {
  auto* owner = new SharedMessage(message);
  return grpc::Slice(
      const_cast<char*>(message->text.data()), message->text.size(),
      [](void* p) { delete static_cast<SharedMessage*>(p); }, owner);
}

// A large message in pieces: its own fields, serialised, and its text, left in the record.
// Serialising the whole message would give the same fields; a parser takes them in any
// order, so the text goes last, where it can be a slice of its own.
struct SharedMessageField {
  explicit SharedMessageField(const SharedMessage& m) : message(m) {
    v1::Message without_text;
    fill_message(*m, &without_text, /*with_text=*/false);
    fields = without_text.SerializeAsString();
    body_size = fields.size() + 1 + varint_size(m->text.size()) + m->text.size();
  }
  // Tag, length and body, as a field of the enclosing message.
  size_t size() const { return 1 + varint_size(body_size) + body_size; }

  // Appends the field under `tag`: what precedes the text into `own`, then `own` and the
  // text as slices.
  void append(char tag, std::string& own, std::vector<grpc::Slice>& slices) const {
    own.push_back(tag);
    put_varint(own, body_size);
    own += fields;
    own.push_back(kTextTag);
    put_varint(own, message->text.size());
    slices.emplace_back(own);
    own.clear();
    slices.push_back(text_slice(message));
  }

  const SharedMessage& message;
  std::string fields;
  size_t body_size = 0;
};

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
    v1::Event head;
    head.set_seq(e.seq);
    head.set_server_time_ms(e.created_at_ms);
    const std::string head_bytes = head.SerializeAsString();
    const SharedMessageField message(e.message);
    own.push_back(kEventsTag);
    put_varint(own, head_bytes.size() + message.size());
    own += head_bytes;
    message.append(kMessageTag, own, slices);
  }
  if (!own.empty() || slices.empty()) slices.emplace_back(own);
  return grpc::ByteBuffer(slices.data(), slices.size());
}

grpc::ByteBuffer encode_send_reply(const SharedMessage& message, bool duplicate) {
  if (message->text.size() < kSharedTextBytes) {
    v1::SendMessageResponse reply;
    fill_message(*message, reply.mutable_message());
    reply.set_duplicate(duplicate);
    const std::string bytes = reply.SerializeAsString();
    grpc::Slice slice(bytes);
    return grpc::ByteBuffer(&slice, 1);
  }
  std::vector<grpc::Slice> slices;
  std::string own;
  SharedMessageField(message).append(kReplyMessageTag, own, slices);
  if (duplicate) {
    own.push_back(kReplyDuplicateTag);
    put_varint(own, 1);
    slices.emplace_back(own);
  }
  return grpc::ByteBuffer(slices.data(), slices.size());
}

}  // namespace souk::rpc
