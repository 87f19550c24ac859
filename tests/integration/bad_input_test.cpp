// Bad input, over every RPC of the proto files: each case of the table gets its one precise
// status and a message for people, and leaves the database exactly as it was. A new RPC
// without a row in the table fails EveryRpcHasARow.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "client/core/channel.hpp"
#include "common/crypto.hpp"
#include "integration/bad_input_auth_chat_cases.hpp"
#include "integration/bad_input_contact_group_cases.hpp"
#include "integration/bad_input_file_translation_cases.hpp"
#include "integration/database_digest.hpp"
#include "integration/fixture.hpp"

namespace souk::test {
namespace {

std::vector<BadCase> bad_input_table(const BadInputWorld& w) {
  std::vector<BadCase> all;
  for (auto part : {auth_cases(w), chat_cases(w), contact_cases(w), group_cases(w), file_cases(w),
                    translation_cases(w)}) {
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

std::string short_name(const google::protobuf::MethodDescriptor& m) {
  return m.service()->name() + "." + m.name();
}

// "Service.Method" for every `rpc` line of the .proto files in the source tree: a second
// list, independent of what the test binary happens to link.
std::set<std::string> rpcs_in_proto_sources() {
  const auto dir = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "proto";
  std::set<std::string> out;
  const std::regex service(R"(^\s*service\s+(\w+))");
  const std::regex rpc(R"(^\s*rpc\s+(\w+))");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".proto") continue;
    std::ifstream in(entry.path());
    std::string current;
    std::smatch m;
    for (std::string line; std::getline(in, line);) {
      if (std::regex_search(line, m, service)) current = m[1];
      if (std::regex_search(line, m, rpc)) out.insert(current + "." + m[1].str());
    }
  }
  return out;
}

TEST(BadInputTable, EveryRpcHasARow) {
  std::set<std::string> rows;
  for (const auto& c : bad_input_table({})) rows.insert(c.rpc);
  std::set<std::string> linked;
  for (const auto* m : linked_methods("souk/")) linked.insert(short_name(*m));
  const auto sources = rpcs_in_proto_sources();
  ASSERT_GE(linked.size(), 40u) << "the generated descriptors of proto/souk are not all linked";
  EXPECT_EQ(linked, sources) << "the linked descriptors and proto/ disagree: rebuild";
  for (const auto& rpc : sources) EXPECT_EQ(rows.count(rpc), 1u) << rpc << " has no bad-input row";
  for (const auto& rpc : rows) EXPECT_EQ(sources.count(rpc), 1u) << rpc << " is not an RPC";
}

// What a person may be shown: no storage, language or library detail.
bool names_internal_detail(const std::string& message) {
  std::string lower = message;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word :
       {"sqlite", "sql ", "constraint", "exception", "std::", "errno", ".cpp", ".hpp", "protobuf",
        "grpc", "souk.v1.", "incident reference", "/tmp/", "deserializ", "0x"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

class BadInput : public SoukdTest {
 protected:
  void SetUp() override {
    crypto_init();
    start({"--max-message-bytes", std::to_string(kMaxMessageBytes)});
    channel_ = *client::open_channel({server_->address(), ""});
  }

  template <class Response, class Request>
  Response call(const std::string& rpc, const std::string& token, const Request& request) {
    Response response;
    const auto status = call_typed(channel_, path(rpc), token, request, &response);
    EXPECT_TRUE(status.ok()) << rpc << ": " << status.error_message();
    return response;
  }

  static std::string path(const std::string& rpc) {
    return "/souk.v1." + rpc.substr(0, rpc.find('.')) + "/" + rpc.substr(rpc.find('.') + 1);
  }

  std::string upload(const std::string& token, const std::string& upload_id,
                     const std::string& bytes, size_t send) {
    auto header = bad_input::header(upload_id, static_cast<int64_t>(bytes.size()), sha256(bytes));
    RpcCallOptions options;
    options.token = token;
    auto reply =
        call_rpc(channel_, path("FileService.UploadFile"),
                 {header.SerializeAsString(), bad_input::chunk(bytes.substr(0, send))}, options);
    v1::UploadFileResponse response;
    if (send == bytes.size()) {
      EXPECT_TRUE(reply.status.ok()) << reply.status.error_message();
      EXPECT_TRUE(!reply.responses.empty() && response.ParseFromString(reply.responses[0]));
    } else {
      EXPECT_EQ(reply.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    }
    return response.file().file_id();
  }

  BadInputWorld make_world() {
    BadInputWorld w;
    anna_ = member("anna");
    const auto bob = member("bob");
    seller("seller.li");
    member("carol");
    auto sent = chat(anna_).send(text_to("seller.li", "hello"));
    EXPECT_TRUE(sent.ok());
    if (sent.ok()) w.own_direct = sent->message().conversation_id();
    sent = chat(bob).send(text_to("seller.li", "a word between bob and li"));
    EXPECT_TRUE(sent.ok());
    if (sent.ok()) {
      w.foreign_direct = sent->message().conversation_id();
      w.foreign_message = sent->message().id();
    }
    v1::CreateGroupChatRequest group;
    group.set_name("Anna's group");
    group.add_member_ids("seller.li");
    w.own_group = call<v1::CreateGroupChatResponse>("GroupService.CreateGroupChat", anna_, group)
                      .group()
                      .conversation_id();
    group.set_name("Bob's group");
    w.foreign_group = call<v1::CreateGroupChatResponse>("GroupService.CreateGroupChat", bob, group)
                          .group()
                          .conversation_id();
    w.own_file = upload(anna_, "anna-file", "anna's bytes", 12);
    w.foreign_upload = "bob-file";
    w.foreign_file = upload(bob, w.foreign_upload, "bob's bytes", 11);
    w.own_partial = "anna-partial";
    w.own_partial_sha256 = sha256("abcdefghij");
    upload(anna_, w.own_partial, "abcdefghij", 4);
    w.foreign_session =
        call<v1::ListSessionsResponse>("AuthService.ListSessions", bob, v1::ListSessionsRequest{})
            .sessions(0)
            .id();
    const auto contacts = call<v1::ListContactsResponse>("ContactService.ListContacts", anna_,
                                                         v1::ListContactsRequest{});
    for (const auto& g : contacts.groups()) {
      if (g.is_default()) w.default_group = g.id();
    }
    v1::ContactGroupRequest bobs;
    bobs.set_action(v1::ContactGroupRequest::ACTION_CREATE);
    bobs.set_name("Bob's suppliers");
    w.foreign_contact_group =
        call<v1::ContactGroupResponse>("ContactService.EditContactGroup", bob, bobs).group().id();
    EXPECT_GT(w.default_group, 0);
    EXPECT_GT(w.foreign_contact_group, 0);
    return w;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::string anna_;
};

// Moves on every authenticated call (to within a minute), so that a member can see when
// each session was last used; a refused call is still a use of the session.
const IgnoredColumns kIgnored = {{"sessions", {"last_seen_ms"}}};

TEST_F(BadInput, EveryCaseGetsItsStatusAndChangesNothing) {
  const auto world = make_world();
  ASSERT_FALSE(HasFailure()) << server_->log();
  const auto table = bad_input_table(world);
  auto before = database_digest(server_->database(), kIgnored);
  // Every kind of table is read: the schema's own, AUTOINCREMENT's counters and the member
  // search index's shadow tables.
  for (const char* table : {"accounts", "sessions", "messages", "events", "uploads", "files",
                            "contact_groups", "sqlite_sequence", "accounts_search_data"}) {
    EXPECT_EQ(before.count(table), 1u) << table;
  }
  for (const auto& c : table) {
    SCOPED_TRACE(c.rpc + ", " + c.what);
    RpcCallOptions options;
    options.token = c.anonymous ? "" : anna_;
    options.deadline = std::chrono::seconds(20);
    // A live stream that was not refused sends events: a few are enough to tell.
    options.on_response = [](const std::string&, size_t index) { return index < 3; };
    const auto reply = call_rpc(channel_, path(c.rpc), c.frames, options);
    const auto& message = reply.status.error_message();
    EXPECT_EQ(reply.status.error_code(), c.expect) << "message: " << message;
    EXPECT_FALSE(message.empty());
    EXPECT_FALSE(names_internal_detail(message)) << message;
    EXPECT_NE(message.find(c.words), std::string::npos) << message;
    if (std::getenv("SOUK_BAD_INPUT_VERBOSE") != nullptr) {
      std::cout << c.rpc << " | " << c.what << " | " << reply.status.error_code() << " | "
                << message << "\n";
    }
    auto after = database_digest(server_->database(), kIgnored);
    EXPECT_EQ(changed_tables(before, after), "") << "changed by a refused call";
    before = std::move(after);
  }
  // The caller's session lived through every case: each answer above was about its input.
  v1::WhoAmIResponse me;
  EXPECT_TRUE(
      call_typed(channel_, path("AuthService.WhoAmI"), anna_, v1::WhoAmIRequest{}, &me).ok());
  std::cout << table.size() << " bad-input cases over " << linked_methods("souk/").size()
            << " RPCs\n";
}

}  // namespace
}  // namespace souk::test
