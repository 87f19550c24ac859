// Every group RPC against every relation to the group: owner, admin, member, removed
// member and stranger. Refusals must change nothing and must not reveal the group to a
// stranger.
#include <functional>
#include <map>

#include "integration/groups_fixture.hpp"

namespace souk::test {
namespace {

enum Role { kOwner, kAdmin, kMember, kRemoved, kStranger };
const char* const kRoleNames[] = {"owner", "admin", "member", "removed", "stranger"};

struct Fresh {
  int64_t group = 0;
  int64_t message_seq = 0;
};

class GroupPermissions : public GroupsTest {
 protected:
  void SetUp() override {
    GroupsTest::SetUp();
    tokens_[kOwner] = member("own");
    tokens_[kAdmin] = seller("adm");
    tokens_[kMember] = seller("mem");
    tokens_[kRemoved] = seller("rem");
    tokens_[kStranger] = seller("str");
    seller("extra");
    seller("extra2");
  }

  // A group where each role holds its place, and one message from the owner.
  Fresh fresh_group() {
    const auto& owner = tokens_[kOwner];
    Fresh f;
    f.group = create_group(owner, "Matrix", {"adm", "mem", "rem", "extra"});
    EXPECT_TRUE(groups(owner).set_admin(admin(f.group, "adm", true)).ok());
    EXPECT_TRUE(groups(owner).remove_member(remove(f.group, "rem")).ok());
    auto sent = say(owner, f.group, "hello");
    EXPECT_TRUE(sent.ok());
    f.message_seq = sent.ok() ? sent->message().seq() : 0;
    return f;
  }

  // What the owner sees of the group: who holds which role, its name and its last seq.
  std::string state(int64_t group) {
    auto g = listed(tokens_[kOwner], group);
    std::string out = g ? g->name() + "#" + std::to_string(g->last_seq()) : "gone";
    for (const auto& m : roster(tokens_[kOwner], group)) out += " " + m;
    return out;
  }

  std::map<Role, std::string> tokens_;
};

using Call = std::function<Code(GroupPermissions&, const std::string& token, const Fresh&)>;

struct Row {
  const char* rpc;
  Call call;
  Code expected[5];  // owner, admin, member, removed, stranger
};

constexpr Code OK = Code::kOk;
constexpr Code PD = Code::kPermissionDenied;
constexpr Code NF = Code::kNotFound;
constexpr Code FP = Code::kFailedPrecondition;

v1::ConversationRef ref(const Fresh& f) {
  return client::ChatClient::conversation(f.group);
}

const std::vector<Row>& rows() {
  static const std::vector<Row> table = {
      {"SendMessage",
       [](auto& t, auto& token, auto& f) { return t.say(token, f.group, "hi").status().code(); },
       {OK, OK, OK, PD, NF}},
      {"GetHistory",
       [](auto& t, auto& token, auto& f) { return t.history(token, f.group).status().code(); },
       {OK, OK, OK, OK, NF}},
      {"MarkRead",
       [](auto& t, auto& token, auto& f) {
         v1::MarkReadRequest r;
         *r.mutable_conversation() = ref(f);
         return t.chat(token).mark_read(r).status().code();
       },
       {OK, OK, OK, PD, NF}},
      {"SetTyping",
       [](auto& t, auto& token, auto& f) {
         v1::SetTypingRequest r;
         *r.mutable_conversation() = ref(f);
         r.set_typing(true);
         return t.chat(token).set_typing(r).code();
       },
       {OK, OK, OK, PD, NF}},
      {"ListGroupChats (is the group listed?)",
       [](auto& t, auto& token, auto& f) { return t.listed(token, f.group) ? OK : NF; },
       {OK, OK, OK, NF, NF}},
      {"GetMembers",
       [](auto& t, auto& token, auto& f) {
         return t.groups(token).members(f.group).status().code();
       },
       {OK, OK, OK, PD, NF}},
      {"GetReceipts",
       [](auto& t, auto& token, auto& f) {
         return t.groups(token).receipts(f.group, f.message_seq).status().code();
       },
       {OK, OK, OK, PD, NF}},
      {"AddMembers",
       [](auto& t, auto& token, auto& f) {
         return t.groups(token).add_members(t.add(f.group, {"extra2"})).status().code();
       },
       {OK, OK, PD, PD, NF}},
      {"RemoveMember",
       [](auto& t, auto& token, auto& f) {
         return t.groups(token).remove_member(t.remove(f.group, "extra")).code();
       },
       {OK, OK, PD, PD, NF}},
      {"RenameGroup",
       [](auto& t, auto& token, auto& f) {
         return t.groups(token).rename(t.rename(f.group, "Renamed")).status().code();
       },
       {OK, OK, PD, PD, NF}},
      {"SetAdmin",
       [](auto& t, auto& token, auto& f) {
         return t.groups(token).set_admin(t.admin(f.group, "extra", true)).code();
       },
       {OK, PD, PD, PD, NF}},
      {"TransferOwnership",
       [](auto& t, auto& token, auto& f) {
         return t.groups(token).transfer_ownership(t.hand_to(f.group, "extra")).code();
       },
       {OK, PD, PD, PD, NF}},
      {"SetHistoryVisibility",
       [](auto& t, auto& token, auto& f) {
         v1::SetHistoryVisibilityRequest r;
         r.set_conversation_id(f.group);
         r.set_history_visibility(v1::HISTORY_VISIBILITY_FULL);
         return t.groups(token).set_history_visibility(r).code();
       },
       {OK, OK, PD, PD, NF}},
      {"LeaveGroup",
       [](auto& t, auto& token, auto& f) { return t.groups(token).leave(f.group).code(); },
       {FP, OK, OK, PD, NF}},
  };
  return table;
}

TEST_F(GroupPermissions, EveryRpcForEveryRelationToTheGroup) {
  for (const auto& row : rows()) {
    for (Role role : {kOwner, kAdmin, kMember, kRemoved, kStranger}) {
      SCOPED_TRACE(std::string(row.rpc) + " by the " + kRoleNames[role]);
      const Fresh f = fresh_group();
      const std::string before = state(f.group);
      const Code got = row.call(*this, tokens_[role], f);
      EXPECT_EQ(static_cast<int>(got), static_cast<int>(row.expected[role]))
          << code_name(got) << ", wanted " << code_name(row.expected[role]);
      if (got != Code::kOk) EXPECT_EQ(state(f.group), before) << "a refusal changed the group";
    }
  }
}

TEST_F(GroupPermissions, StrangerGetsTheSameAnswerForAGroupThatDoesNotExist) {
  const Fresh f = fresh_group();
  auto real = groups(tokens_[kStranger]).members(f.group);
  auto missing = groups(tokens_[kStranger]).members(f.group + 1000);
  EXPECT_EQ(real.status().code(), Code::kNotFound);
  EXPECT_EQ(real.status().message(), missing.status().message()) << "nothing tells them apart";
}

}  // namespace
}  // namespace souk::test
