// The contact list on explicit inputs: open and approval policies, requests, blocks, and
// the contact groups (folders) each member keeps.
#include "unit/domain_fixture.hpp"

namespace souk::domain {
namespace {

using ContactRules = DomainTest;
using Action = GroupEdit::Action;

std::vector<storage::EventKind> kinds(const std::vector<storage::EventRecord>& log) {
  std::vector<storage::EventKind> out;
  for (const auto& e : log) out.push_back(e.kind);
  return out;
}

TEST_F(ContactRules, AnOpenMemberIsAddedAtOnceAndOnlyToTheAddersList) {
  const auto anna = account("anna");
  const auto li = account("seller.li", true);
  auto added = add_contact(anna, "Seller.Li");
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(added->first, AddOutcome::kAdded);
  EXPECT_EQ(contact_ids(anna), std::vector<std::string>{"seller.li"});
  EXPECT_TRUE(contact_ids(li).empty()) << "a contact is one-directional";
  EXPECT_EQ(kinds(log_of(li)),
            std::vector<storage::EventKind>{storage::EventKind::kContactAddedYou});
  auto twice = add_contact(anna, "seller.li");
  EXPECT_EQ(twice.status().code(), Code::kAlreadyExists);
  EXPECT_EQ(add_contact(anna, "anna").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(add_contact(anna, "nobody").status().code(), Code::kNotFound);
}

TEST_F(ContactRules, AnApprovalMemberIsAddedOnlyWhenTheyAccept) {
  const auto anna = account("anna");
  const auto bob = account("bob");  // buyers want approval unless they choose otherwise
  auto asked = add_contact(anna, "bob");
  ASSERT_TRUE(asked.ok());
  EXPECT_EQ(asked->first, AddOutcome::kRequestSent);
  EXPECT_TRUE(contact_ids(anna).empty());
  EXPECT_EQ(contacts_.list(bob)->incoming.size(), 1u);

  auto declined = answer(bob, "anna", false);
  ASSERT_TRUE(declined.ok());
  EXPECT_TRUE(contact_ids(anna).empty());
  EXPECT_EQ(answer(bob, "anna", true).code(), Code::kNotFound) << "a request is answered once";

  ASSERT_TRUE(add_contact(anna, "bob").ok());
  ASSERT_TRUE(answer(bob, "anna", true).ok());
  EXPECT_EQ(contact_ids(anna), std::vector<std::string>{"bob"});
  EXPECT_TRUE(contact_ids(bob).empty());
  EXPECT_TRUE(contacts_.list(bob)->incoming.empty());
}

TEST_F(ContactRules, AddingBackSomeoneWhoAskedCountsAsAcceptance) {
  const auto anna = account("anna");
  const auto bob = account("bob");
  ASSERT_EQ(add_contact(bob, "anna")->first, AddOutcome::kRequestSent);
  auto back = add_contact(anna, "bob");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->first, AddOutcome::kAdded) << "bob asked first, so he has agreed already";
  EXPECT_EQ(contact_ids(anna), std::vector<std::string>{"bob"});
  EXPECT_TRUE(contacts_.list(anna)->incoming.empty()) << "his request is used up";
}

TEST_F(ContactRules, ABlockRefusesTheBlockedMembersRequestsAndDropsTheirWaitingOne) {
  const auto anna = account("anna");
  const auto bob = account("bob");
  ASSERT_EQ(add_contact(bob, "anna")->first, AddOutcome::kRequestSent);
  ASSERT_TRUE(block(anna, "bob").ok());
  EXPECT_TRUE(contacts_.list(anna)->incoming.empty());
  EXPECT_EQ(contacts_.list(anna)->blocked, std::vector<std::string>{"bob"});
  auto refused = add_contact(bob, "anna");
  EXPECT_EQ(refused.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(refused.status().message(), "'anna' does not accept contact requests from you");
  EXPECT_EQ(count_rows("contact_requests"), 0);
  // The blocker is not held back.
  EXPECT_EQ(add_contact(anna, "bob")->first, AddOutcome::kRequestSent);
}

TEST_F(ContactRules, ContactGroupsKeepTheirNamesUniqueAndTheDefaultForever) {
  const auto anna = account("anna");
  account("seller.li", true);
  ASSERT_TRUE(add_contact(anna, "seller.li").ok());
  auto suppliers = edit_group(anna, {Action::kCreate, 0, "Suppliers", 0, ""});
  ASSERT_TRUE(suppliers.ok()) << suppliers.status().message();
  EXPECT_EQ(edit_group(anna, {Action::kCreate, 0, "Suppliers", 0, ""}).status().code(),
            Code::kAlreadyExists);
  ASSERT_TRUE(edit_group(anna, {Action::kMoveContact, suppliers->id, "", 0, "seller.li"}).ok());
  auto in_group = [&] { return contacts_.list(anna)->contacts.at(0).second; };
  EXPECT_EQ(in_group(), suppliers->id);

  // Deleting a group hands its contacts back to the default group, which stays.
  ASSERT_TRUE(edit_group(anna, {Action::kDelete, suppliers->id, "", 0, ""}).ok());
  const auto groups = contacts_.list(anna)->groups;
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_TRUE(groups[0].is_default);
  EXPECT_EQ(in_group(), groups[0].id);
  auto keep_default = edit_group(anna, {Action::kDelete, groups[0].id, "", 0, ""});
  EXPECT_EQ(keep_default.status().code(), Code::kFailedPrecondition);

  // Only contacts move, and only into one's own groups.
  account("bob");
  EXPECT_EQ(edit_group(anna, {Action::kMoveContact, groups[0].id, "", 0, "bob"}).status().code(),
            Code::kNotFound);
  const auto eve = account("eve");
  auto eves = edit_group(eve, {Action::kCreate, 0, "Eve's", 0, ""});
  ASSERT_TRUE(eves.ok());
  EXPECT_EQ(edit_group(anna, {Action::kMoveContact, eves->id, "", 0, "seller.li"}).status().code(),
            Code::kNotFound);
  EXPECT_EQ(edit_group(anna, {Action::kRename, eves->id, "Mine", 0, ""}).status().code(),
            Code::kNotFound);
  EXPECT_EQ(contacts_.list(eve)->groups.size(), 2u);
}

TEST_F(ContactRules, ContactGroupsStopAtMaxContactGroups) {
  const auto anna = account("anna");
  const int max = ContactSettings{}.max_contact_groups;
  // The default group is one of them.
  for (int i = 1; i < max; ++i) {
    ASSERT_TRUE(edit_group(anna, {Action::kCreate, 0, "g" + std::to_string(i), 0, ""}).ok()) << i;
  }
  auto over = edit_group(anna, {Action::kCreate, 0, "one too many", 0, ""});
  EXPECT_EQ(over.status().code(), Code::kResourceExhausted);
  EXPECT_EQ(contacts_.list(anna)->groups.size(), static_cast<size_t>(max));
}

}  // namespace
}  // namespace souk::domain
