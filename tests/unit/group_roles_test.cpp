// Group chats on explicit inputs: who may invite whom, what owner, admin and member may
// each do, the owner who would leave last, and the part of the history each member reads.
#include "unit/domain_fixture.hpp"

namespace souk::domain {
namespace {

class GroupRoles : public DomainTest {
 protected:
  // Anna owns "Summer" with Li and Wu (sellers, open to anyone) and Bob (her contact).
  void SetUp() override {
    ASSERT_TRUE(add_contact(anna_, "bob").ok());
    ASSERT_TRUE(answer(bob_, "anna", true).ok());
    auto group = create_group(anna_, "Summer", {"seller.li", "seller.wu", "bob"});
    ASSERT_TRUE(group.ok()) << group.status().message();
    group_ = group->group.id;
  }

  Session anna_ = account("anna");
  Session li_ = account("seller.li", true);
  Session wu_ = account("seller.wu", true);
  Session bob_ = account("bob");
  Session eve_ = account("eve");
  int64_t group_ = 0;
};

TEST_F(GroupRoles, OnlyContactsOrMembersOpenToAnyoneMayBeInvited) {
  // Eve is a buyer (approval) and not in Anna's contacts.
  auto refused = create_group(anna_, "With Eve", {"seller.li", "eve"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(refused.status().message(),
            "'eve' is not in your contacts and joins only their contacts' groups");
  EXPECT_EQ(add_members(anna_, group_, {"eve"}).code(), Code::kPermissionDenied);
  // Whoever blocked the inviter is never put in a group by them, open or not.
  ASSERT_TRUE(block(wu_, "bob").ok());
  auto blocked = create_group(bob_, "Bob's", {"seller.wu"});
  EXPECT_EQ(blocked.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(blocked.status().message(), "'seller.wu' does not accept group invitations from you");
  EXPECT_EQ(roles(anna_, group_),
            (std::vector<std::string>{"anna:owner", "bob:member", "seller.li:member",
                                      "seller.wu:member"}));
}

TEST_F(GroupRoles, AMemberMayNeitherAddRemoveRenameNorPromote) {
  ASSERT_TRUE(add_contact(li_, "eve").ok());
  ASSERT_TRUE(answer(eve_, "seller.li", true).ok());
  EXPECT_EQ(add_members(li_, group_, {"eve"}).code(), Code::kPermissionDenied);
  EXPECT_EQ(remove_member(li_, group_, "seller.wu").code(), Code::kPermissionDenied);
  EXPECT_EQ(rename(li_, group_, "Li's now").code(), Code::kPermissionDenied);
  EXPECT_EQ(set_admin(li_, group_, "seller.wu", true).code(), Code::kPermissionDenied);
  EXPECT_EQ(hand_over(li_, group_, "seller.li").code(), Code::kPermissionDenied);
  auto listing = groups_.list(anna_);
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(listing->at(0).group.name, "Summer");
  EXPECT_EQ(listing->at(0).member_count, 4);
}

TEST_F(GroupRoles, AnAdminManagesMembersButNotOtherAdminsOrTheOwner) {
  ASSERT_TRUE(set_admin(anna_, group_, "seller.li", true).ok());
  ASSERT_TRUE(set_admin(anna_, group_, "seller.wu", true).ok());
  ASSERT_TRUE(rename(li_, group_, "Summer styles").ok());
  ASSERT_TRUE(add_contact(li_, "eve").ok());
  ASSERT_TRUE(answer(eve_, "seller.li", true).ok());
  EXPECT_TRUE(add_members(li_, group_, {"eve"}).ok());
  EXPECT_TRUE(remove_member(li_, group_, "eve").ok());

  auto on_admin = remove_member(li_, group_, "seller.wu");
  EXPECT_EQ(on_admin.code(), Code::kPermissionDenied);
  EXPECT_EQ(on_admin.message(), "only the owner may remove an admin or the owner");
  EXPECT_EQ(remove_member(li_, group_, "anna").code(), Code::kPermissionDenied);
  EXPECT_EQ(set_admin(li_, group_, "bob", true).code(), Code::kPermissionDenied)
      << "only the owner promotes";
  // The owner may remove an admin; the owner's own role moves only by a handover.
  EXPECT_TRUE(remove_member(anna_, group_, "seller.wu").ok());
  EXPECT_EQ(set_admin(anna_, group_, "anna", false).code(), Code::kFailedPrecondition);
  EXPECT_EQ(roles(anna_, group_),
            (std::vector<std::string>{"anna:owner", "seller.li:admin", "bob:member"}));
  EXPECT_EQ(groups_.list(bob_)->at(0).group.name, "Summer styles");
}

TEST_F(GroupRoles, TheOwnerLeavesOnlyAfterHandingOwnershipOnUnlessAlone) {
  auto refused = leave(anna_, group_);
  EXPECT_EQ(refused.code(), Code::kFailedPrecondition);
  EXPECT_EQ(refused.message(), "the owner must hand ownership to another member before leaving");
  EXPECT_EQ(roles(bob_, group_).front(), "anna:owner");

  ASSERT_TRUE(hand_over(anna_, group_, "bob").ok());
  EXPECT_EQ(roles(bob_, group_), (std::vector<std::string>{"bob:owner", "anna:admin",
                                                           "seller.li:member", "seller.wu:member"}))
      << "one owner at a time; the old one stays an admin";
  EXPECT_EQ(hand_over(anna_, group_, "seller.li").code(), Code::kPermissionDenied);
  ASSERT_TRUE(leave(anna_, group_).ok());

  // Alone, the owner may go.
  auto solo = create_group(li_, "Just Li", {});
  ASSERT_TRUE(solo.ok()) << solo.status().message();
  EXPECT_TRUE(leave(li_, solo->group.id).ok());
  // Someone who left is told so; a stranger learns nothing of the group.
  auto gone = send(anna_, conversation(group_), "still here?");
  EXPECT_EQ(gone.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(gone.status().message(), "you are no longer a member of this group");
  EXPECT_EQ(send(eve_, conversation(group_), "hi").status().code(), Code::kNotFound);
  EXPECT_EQ(rename(eve_, group_, "mine").code(), Code::kNotFound);
}

TEST_F(GroupRoles, HistoryRunsFromTheJoinAndEndsAtTheLeave) {
  ASSERT_TRUE(send(anna_, conversation(group_), "before eve").ok());
  ASSERT_TRUE(add_contact(anna_, "eve").ok());
  ASSERT_TRUE(answer(eve_, "anna", true).ok());
  ASSERT_TRUE(add_members(anna_, group_, {"eve"}).ok());
  ASSERT_TRUE(send(li_, conversation(group_), "with eve").ok());
  ASSERT_TRUE(leave(bob_, group_).ok());
  ASSERT_TRUE(send(anna_, conversation(group_), "after bob").ok());

  EXPECT_EQ(*texts(eve_, conversation(group_)),
            (std::vector<std::string>{"anna added eve", "with eve", "bob left", "after bob"}))
      << "a new member reads from the entry that added them";
  EXPECT_EQ(*texts(bob_, conversation(group_)),
            (std::vector<std::string>{"anna created the group \"Summer\"", "before eve",
                                      "anna added eve", "with eve", "bob left"}))
      << "a member who left keeps what they had, and nothing after";
  EXPECT_EQ(logged_texts(bob_).back(), "bob left") << "the leave is the last they hear";
  EXPECT_EQ(texts(anna_, conversation(group_))->size(), 6u);
}

TEST_F(GroupRoles, AFullHistoryGroupShowsNewMembersEverything) {
  auto full = create_group(anna_, "Open book", {"seller.li"}, /*FULL=*/2);
  ASSERT_TRUE(full.ok()) << full.status().message();
  const int64_t id = full->group.id;
  ASSERT_TRUE(send(anna_, conversation(id), "said early").ok());
  ASSERT_TRUE(add_members(anna_, id, {"seller.wu"}).ok());
  EXPECT_EQ(*texts(wu_, conversation(id)),
            (std::vector<std::string>{"anna created the group \"Open book\"", "said early",
                                      "anna added seller.wu"}));
  // Their log starts at the join all the same: history is read, not replayed.
  EXPECT_EQ(logged_texts(wu_).front(), "anna created the group \"Summer\"");
  EXPECT_EQ(logged_texts(wu_).back(), "anna added seller.wu");
}

}  // namespace
}  // namespace souk::domain
