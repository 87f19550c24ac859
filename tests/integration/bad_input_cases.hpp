#pragma once

// The bad-input table: for every RPC of the proto files, requests that must be refused,
// each with the one status it must get. bad_input_test.cpp runs them against a real soukd
// and checks that none of them changes the database.

#include <grpcpp/support/status.h>

#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "integration/bad_input_rpc.hpp"
#include "souk/v1/auth.pb.h"
#include "souk/v1/chat.pb.h"
#include "souk/v1/contacts.pb.h"
#include "souk/v1/files.pb.h"
#include "souk/v1/groups.pb.h"
#include "souk/v1/translation.pb.h"

namespace souk::test {

// What the table's requests point at: made by the test before the first case.
struct BadInputWorld {
  int64_t own_direct = 0;       // anna <-> seller.li
  int64_t foreign_direct = 0;   // bob <-> seller.li: anna is not in it
  int64_t foreign_message = 0;  // bob's message in it
  int64_t own_group = 0;        // anna owns it; seller.li is a plain member
  int64_t foreign_group = 0;    // bob's, with seller.li
  std::string own_file;         // anna uploaded it
  std::string foreign_file;     // bob uploaded it, and sent it to nobody
  std::string own_partial;      // anna's unfinished upload: kPartialSize bytes, 4 committed
  std::string own_partial_sha256;
  std::string foreign_upload;         // bob's upload id
  std::string foreign_session;        // one of bob's session ids
  int64_t default_group = 0;          // anna's default contact group
  int64_t foreign_contact_group = 0;  // a contact group of bob's
};

inline constexpr int64_t kPartialSize = 10;
inline constexpr int64_t kMaxMessageBytes = 8192;  // soukd is started with this
inline constexpr int kChunkBytes = 262144;         // file_chunk_bytes' default

struct BadCase {
  std::string rpc;   // "ChatService.SendMessage": the service and method names
  std::string what;  // the bad input, in words
  std::vector<std::string> frames;
  grpc::StatusCode expect;
  bool anonymous = false;  // sent without a token (Register, Login); otherwise as anna
  // Words the message must hold, where the status alone could come from another refusal.
  std::string words = "";
};

namespace bad_input {

inline const std::string kNotUtf8 = "caf\xC3\x28 \xFF";
inline const std::string kNotWire = "\xFF\xFF\xFF\xFF";  // a field tag that never ends

template <class M>
std::vector<std::string> one(const M& message) {
  return {message.SerializeAsString()};
}

inline v1::ConversationRef peer(const std::string& id) {
  v1::ConversationRef r;
  r.set_peer_member_id(id);
  return r;
}

inline v1::ConversationRef conversation(int64_t id) {
  v1::ConversationRef r;
  r.set_conversation_id(id);
  return r;
}

inline v1::SendMessageRequest send(const v1::ConversationRef& to, const std::string& text = "hi") {
  v1::SendMessageRequest r;
  *r.mutable_to() = to;
  r.set_client_msg_id("bad-input-1");
  r.set_text(text);
  return r;
}

inline v1::UploadFileRequest header(const std::string& upload_id, int64_t size,
                                    const std::string& sha256 = std::string(32, 'x'),
                                    int64_t offset = 0) {
  v1::UploadFileRequest r;
  auto* h = r.mutable_header();
  h->set_upload_id(upload_id);
  h->set_name("note.txt");
  h->set_size(size);
  h->set_mime_type("text/plain");
  h->set_sha256(sha256);
  h->set_offset(offset);
  return r;
}

inline std::string chunk(const std::string& bytes) {
  v1::UploadFileRequest r;
  r.set_chunk(bytes);
  return r.SerializeAsString();
}

}  // namespace bad_input

}  // namespace souk::test
