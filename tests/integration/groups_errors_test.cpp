// Bad input to the group RPCs gets a precise status and changes nothing.
#include "integration/groups_fixture.hpp"

namespace souk::test {
namespace {

// A small limit, so that "too many" is cheap to reach.
class GroupErrors : public GroupsTest {
 protected:
  void SetUp() override { start(server_args({"--max-group-members", "3"})); }

  // Everything a refused call could have touched.
  std::string footprint() {
    return std::to_string(count_rows("conversations")) + "/" +
           std::to_string(count_rows("conversation_members")) + "/" +
           std::to_string(count_rows("messages")) + "/" + std::to_string(count_rows("events"));
  }

  Code create(const std::string& token, const std::string& name,
              const std::vector<std::string>& ids) {
    v1::CreateGroupChatRequest r;
    r.set_name(name);
    for (const auto& id : ids) r.add_member_ids(id);
    return groups(token).create(r).status().code();
  }
};

TEST_F(GroupErrors, RefusedCreatesLeaveNoTrace) {
  const auto anna = member("anna");
  seller("seller.li");
  seller("seller.wu");
  seller("seller.ma");
  member("buyer.bo");  // a buyer: approval policy, and not anna's contact
  const std::string before = footprint();

  EXPECT_EQ(create(anna, "", {"seller.li"}), Code::kInvalidArgument) << "empty name";
  EXPECT_EQ(create(anna, "   \x01", {"seller.li"}), Code::kInvalidArgument) << "control character";
  EXPECT_EQ(create(anna, "\xff\xfe", {"seller.li"}), Code::kInvalidArgument) << "not UTF-8";
  EXPECT_EQ(create(anna, std::string(65, 'x'), {"seller.li"}), Code::kInvalidArgument);
  EXPECT_EQ(create(anna, "Too many", {"seller.li", "seller.wu", "seller.ma"}),
            Code::kResourceExhausted)
      << "4 members with max_group_members = 3";
  EXPECT_EQ(create(anna, "Unknown", {"seller.li", "no.such.member"}), Code::kNotFound);
  EXPECT_EQ(create(anna, "Stranger", {"seller.li", "buyer.bo"}), Code::kPermissionDenied)
      << "not a contact, and approval policy";
  EXPECT_EQ(create(anna, "Empty id", {""}), Code::kInvalidArgument);
  v1::CreateGroupChatRequest bad_visibility;
  bad_visibility.set_name("Visibility");
  bad_visibility.set_history_visibility(static_cast<v1::HistoryVisibility>(7));
  EXPECT_EQ(groups(anna).create(bad_visibility).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(footprint(), before);

  auto message = groups(anna).create([] {
    v1::CreateGroupChatRequest r;
    r.set_name("Unknown");
    r.add_member_ids("no.such.member");
    return r;
  }());
  EXPECT_NE(message.status().message().find("no.such.member"), std::string::npos)
      << "the message names the member: " << message.status().message();
}

TEST_F(GroupErrors, RefusedChangesToAGroupLeaveItAsItWas) {
  const auto anna = member("anna");
  seller("seller.li");
  seller("seller.wu");
  seller("seller.ma");
  const int64_t group = create_group(anna, "Tea", {"seller.li", "seller.wu"});
  ASSERT_GT(group, 0);
  const std::string before = footprint();

  EXPECT_EQ(groups(anna).add_members(add(group, {"seller.ma"})).status().code(),
            Code::kResourceExhausted)
      << "the group is full at 3";
  EXPECT_EQ(groups(anna).add_members(add(group, {"seller.li"})).status().code(),
            Code::kAlreadyExists);
  EXPECT_EQ(groups(anna).add_members(add(group, {})).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(groups(anna).add_members(add(group + 99, {"seller.ma"})).status().code(),
            Code::kNotFound);
  EXPECT_EQ(groups(anna).add_members(add(0, {"seller.ma"})).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(groups(anna).rename(rename(group, "")).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(groups(anna).remove_member(remove(group, "seller.ma")).code(), Code::kNotFound)
      << "not a member";
  EXPECT_EQ(groups(anna).remove_member(remove(group, "no.such.member")).code(), Code::kNotFound);
  EXPECT_EQ(groups(anna).remove_member(remove(group, "anna")).code(), Code::kInvalidArgument);
  EXPECT_EQ(groups(anna).set_admin(admin(group, "anna", false)).code(), Code::kFailedPrecondition);
  EXPECT_EQ(groups(anna).transfer_ownership(hand_to(group, "anna")).code(), Code::kInvalidArgument);
  EXPECT_EQ(groups(anna).receipts(group, 99).status().code(), Code::kNotFound);
  EXPECT_EQ(footprint(), before);
  EXPECT_EQ(listed(anna, group)->name(), "Tea");
}

}  // namespace
}  // namespace souk::test
