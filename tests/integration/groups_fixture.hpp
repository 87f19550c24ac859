#pragma once

#include <grpcpp/client_context.h>

#include <string>
#include <vector>

#include "client/core/contact_client.hpp"
#include "client/core/group_client.hpp"
#include "integration/fixture.hpp"

namespace souk::test {

// Group chats against a real soukd. Weak password hashes (loopback only) and
// synchronous=NORMAL let a test register hundreds of members in a moment; nothing here
// depends on either.
class GroupsTest : public SoukdTest {
 public:
  // Public, so that tables of calls in the tests can use them.
  using SoukdTest::chat;

  void SetUp() override { start(server_args()); }

  static std::vector<std::string> server_args(std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"--password-hash-cost", "minimal", "--sqlite-synchronous",
                                     "NORMAL"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  client::GroupClient groups(const std::string& token) {
    return client::GroupClient(*client::open_channel({server_->address(), ""}), token);
  }

  client::ContactClient contacts(const std::string& token) {
    return client::ContactClient(*client::open_channel({server_->address(), ""}), token);
  }

  // Creates a group owned by `owner_token`'s member; returns its conversation id.
  int64_t create_group(const std::string& owner_token, const std::string& name,
                       const std::vector<std::string>& members,
                       v1::HistoryVisibility visibility = v1::HISTORY_VISIBILITY_UNSPECIFIED) {
    v1::CreateGroupChatRequest r;
    r.set_name(name);
    for (const auto& m : members) r.add_member_ids(m);
    r.set_history_visibility(visibility);
    auto created = groups(owner_token).create(r);
    EXPECT_TRUE(created.ok()) << created.status().message();
    return created.ok() ? created->group().conversation_id() : 0;
  }

  Result<v1::SendMessageResponse> say(const std::string& token, int64_t group,
                                      const std::string& text) {
    v1::SendMessageRequest r;
    *r.mutable_to() = client::ChatClient::conversation(group);
    r.set_text(text);
    r.set_client_msg_id(client::ChatClient::new_client_msg_id());
    return chat(token).send(r);
  }

  Result<v1::GetHistoryResponse> history(const std::string& token, int64_t group) {
    v1::GetHistoryRequest r;
    *r.mutable_conversation() = client::ChatClient::conversation(group);
    r.set_limit(500);
    return chat(token).history(r);
  }

  static std::vector<std::string> texts(const google::protobuf::RepeatedPtrField<v1::Message>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.text());
    return out;
  }

  static v1::AddMembersRequest add(int64_t group, const std::vector<std::string>& ids) {
    v1::AddMembersRequest r;
    r.set_conversation_id(group);
    for (const auto& id : ids) r.add_member_ids(id);
    return r;
  }

  static v1::RemoveMemberRequest remove(int64_t group, const std::string& id) {
    v1::RemoveMemberRequest r;
    r.set_conversation_id(group);
    r.set_member_id(id);
    return r;
  }

  static v1::SetAdminRequest admin(int64_t group, const std::string& id, bool on) {
    v1::SetAdminRequest r;
    r.set_conversation_id(group);
    r.set_member_id(id);
    r.set_admin(on);
    return r;
  }

  static v1::TransferOwnershipRequest hand_to(int64_t group, const std::string& id) {
    v1::TransferOwnershipRequest r;
    r.set_conversation_id(group);
    r.set_member_id(id);
    return r;
  }

  static v1::RenameGroupRequest rename(int64_t group, const std::string& name) {
    v1::RenameGroupRequest r;
    r.set_conversation_id(group);
    r.set_name(name);
    return r;
  }

  // The group as `token`'s member sees it in their list, if it is there.
  std::optional<v1::GroupChat> listed(const std::string& token, int64_t group) {
    auto list = groups(token).list();
    EXPECT_TRUE(list.ok()) << list.status().message();
    if (!list.ok()) return std::nullopt;
    for (const auto& g : list->groups()) {
      if (g.conversation_id() == group) return g;
    }
    return std::nullopt;
  }

  // "member:role" for each member, as the owner's GetMembers returns them.
  std::vector<std::string> roster(const std::string& token, int64_t group) {
    auto members = groups(token).members(group);
    EXPECT_TRUE(members.ok()) << members.status().message();
    std::vector<std::string> out;
    if (!members.ok()) return out;
    for (const auto& m : members->members()) {
      out.push_back(m.member_id() + ":" + v1::GroupRole_Name(m.role()));
    }
    return out;
  }

  static std::vector<v1::GroupSystemEvent::Kind> system_kinds(
      const google::protobuf::RepeatedPtrField<v1::Message>& ms) {
    std::vector<v1::GroupSystemEvent::Kind> out;
    for (const auto& m : ms) {
      if (m.has_system()) out.push_back(m.system().kind());
    }
    return out;
  }
};

}  // namespace souk::test
