#pragma once

#include "integration/bad_input_cases.hpp"

namespace souk::test {

inline std::vector<BadCase> contact_cases(const BadInputWorld& w) {
  using namespace bad_input;
  using C = grpc::StatusCode;
  std::vector<BadCase> t;
  const auto search = [&](std::string what, C code, const std::string& query) {
    v1::SearchUsersRequest r;
    r.set_query(query);
    t.push_back({"ContactService.SearchUsers", std::move(what), one(r), code});
  };
  search("empty query", C::INVALID_ARGUMENT, "");
  search("query not UTF-8", C::INVALID_ARGUMENT, kNotUtf8);
  search("query of 10 KB", C::INVALID_ARGUMENT, std::string(10000, 'q'));

  const auto add = [&](std::string what, C code, const std::string& id, int64_t group) {
    v1::AddContactRequest r;
    r.set_member_id(id);
    r.set_group_id(group);
    t.push_back({"ContactService.AddContact", std::move(what), one(r), code});
  };
  add("no member ID", C::INVALID_ARGUMENT, "", 0);
  add("member ID not UTF-8", C::INVALID_ARGUMENT, kNotUtf8, 0);
  add("an unknown member ID", C::NOT_FOUND, "nobody.here", 0);
  add("yourself", C::INVALID_ARGUMENT, "anna", 0);
  add("into another member's contact group", C::NOT_FOUND, "seller.li", w.foreign_contact_group);
  add("into contact group -1", C::INVALID_ARGUMENT, "seller.li", -1);
  add("into contact group 2^63-1", C::NOT_FOUND, "seller.li", INT64_MAX);

  const auto answer = [&](std::string what, C code, const std::string& id) {
    v1::AnswerRequestRequest r;
    r.set_member_id(id);
    r.set_accept(true);
    t.push_back({"ContactService.AnswerRequest", std::move(what), one(r), code});
  };
  answer("no member ID", C::INVALID_ARGUMENT, "");
  answer("member ID not UTF-8", C::INVALID_ARGUMENT, kNotUtf8);
  answer("an unknown member ID", C::NOT_FOUND, "nobody.here");
  answer("someone who never asked", C::NOT_FOUND, "bob");

  const auto remove = [&](std::string what, C code, const std::string& id) {
    v1::RemoveContactRequest r;
    r.set_member_id(id);
    t.push_back({"ContactService.RemoveContact", std::move(what), one(r), code});
  };
  remove("no member ID", C::INVALID_ARGUMENT, "");
  remove("member ID not UTF-8", C::INVALID_ARGUMENT, kNotUtf8);
  remove("an unknown member ID", C::NOT_FOUND, "nobody.here");
  remove("not a contact", C::NOT_FOUND, "bob");

  const auto block = [&](std::string what, C code, const std::string& id) {
    v1::BlockRequest r;
    r.set_member_id(id);
    r.set_blocked(true);
    t.push_back({"ContactService.Block", std::move(what), one(r), code});
  };
  block("no member ID", C::INVALID_ARGUMENT, "");
  block("member ID not UTF-8", C::INVALID_ARGUMENT, kNotUtf8);
  block("an unknown member ID", C::NOT_FOUND, "nobody.here");
  block("yourself", C::INVALID_ARGUMENT, "anna");

  t.push_back({"ContactService.ListContacts",
               "bytes that are not a request",
               {kNotWire},
               C::INVALID_ARGUMENT});

  using Action = v1::ContactGroupRequest;
  const auto edit = [&](std::string what, C code, auto&& change) {
    v1::ContactGroupRequest r;
    r.set_action(Action::ACTION_CREATE);
    r.set_name("Suppliers");
    change(r);
    t.push_back({"ContactService.EditContactGroup", std::move(what), one(r), code});
  };
  edit("no action", C::INVALID_ARGUMENT, [](auto& r) { r.clear_action(); });
  edit("action 99, unknown to the enum", C::INVALID_ARGUMENT,
       [](auto& r) { r.set_action(static_cast<Action::Action>(99)); });
  edit("create with no name", C::INVALID_ARGUMENT, [](auto& r) { r.clear_name(); });
  edit("create with a name of 65 characters", C::INVALID_ARGUMENT,
       [](auto& r) { r.set_name(std::string(65, 'g')); });
  edit("create with a name not UTF-8", C::INVALID_ARGUMENT, [](auto& r) { r.set_name(kNotUtf8); });
  edit("create with a control character in the name", C::INVALID_ARGUMENT,
       [](auto& r) { r.set_name("a\tb"); });
  edit("rename another member's group", C::NOT_FOUND, [&](auto& r) {
    r.set_action(Action::ACTION_RENAME);
    r.set_group_id(w.foreign_contact_group);
  });
  edit("delete group 2^63-1", C::NOT_FOUND, [](auto& r) {
    r.set_action(Action::ACTION_DELETE);
    r.set_group_id(INT64_MAX);
  });
  edit("delete the default group", C::FAILED_PRECONDITION, [&](auto& r) {
    r.set_action(Action::ACTION_DELETE);
    r.set_group_id(w.default_group);
  });
  edit("move the default group to position -1", C::INVALID_ARGUMENT, [&](auto& r) {
    r.set_action(Action::ACTION_MOVE_GROUP);
    r.set_group_id(w.default_group);
    r.set_position(-1);
  });
  edit("move an unknown member", C::NOT_FOUND, [&](auto& r) {
    r.set_action(Action::ACTION_MOVE_CONTACT);
    r.set_group_id(w.default_group);
    r.set_member_id("nobody.here");
  });
  edit("move a member ID not UTF-8", C::INVALID_ARGUMENT, [&](auto& r) {
    r.set_action(Action::ACTION_MOVE_CONTACT);
    r.set_group_id(w.default_group);
    r.set_member_id(kNotUtf8);
  });
  edit("move a member who is not a contact", C::NOT_FOUND, [&](auto& r) {
    r.set_action(Action::ACTION_MOVE_CONTACT);
    r.set_group_id(w.default_group);
    r.set_member_id("bob");
  });

  for (int policy : {0, 9, -1}) {
    v1::SetContactPolicyRequest r;
    r.set_policy(static_cast<v1::ContactPolicy>(policy));
    t.push_back({"ContactService.SetContactPolicy", "policy " + std::to_string(policy), one(r),
                 C::INVALID_ARGUMENT});
  }

  const auto presence = [&](std::string what, int state, const std::string& text) {
    v1::SetPresenceRequest r;
    r.set_state(static_cast<v1::PresenceState>(state));
    r.set_status_text(text);
    t.push_back({"ContactService.SetPresence", std::move(what), one(r), C::INVALID_ARGUMENT});
  };
  presence("state unspecified", 0, "");
  presence("state offline (not a choice)", v1::PRESENCE_OFFLINE, "");
  presence("state 42, unknown to the enum", 42, "");
  presence("status text of 129 characters", v1::PRESENCE_BUSY, std::string(129, 's'));
  presence("status text not UTF-8", v1::PRESENCE_BUSY, kNotUtf8);
  presence("status text with a control character", v1::PRESENCE_BUSY, "at\x07lunch");

  t.push_back({"ContactService.ReportActivity",
               "bytes that are not a request",
               {kNotWire},
               C::INVALID_ARGUMENT});
  return t;
}

inline std::vector<BadCase> group_cases(const BadInputWorld& w) {
  using namespace bad_input;
  using C = grpc::StatusCode;
  std::vector<BadCase> t;
  const auto create = [&](std::string what, C code, auto&& change) {
    v1::CreateGroupChatRequest r;
    r.set_name("Bad input");
    r.add_member_ids("seller.li");
    change(r);
    t.push_back({"GroupService.CreateGroupChat", std::move(what), one(r), code});
  };
  create("no name", C::INVALID_ARGUMENT, [](auto& r) { r.clear_name(); });
  create("name of 65 characters", C::INVALID_ARGUMENT,
         [](auto& r) { r.set_name(std::string(65, 'n')); });
  create("name not UTF-8", C::INVALID_ARGUMENT, [](auto& r) { r.set_name(kNotUtf8); });
  create("an unknown member ID", C::NOT_FOUND, [](auto& r) { r.add_member_ids("nobody.here"); });
  create("a member ID not UTF-8", C::INVALID_ARGUMENT, [](auto& r) { r.add_member_ids(kNotUtf8); });
  create("an empty member ID", C::INVALID_ARGUMENT, [](auto& r) { r.add_member_ids(""); });
  create("history visibility 9, unknown to the enum", C::INVALID_ARGUMENT,
         [](auto& r) { r.set_history_visibility(static_cast<v1::HistoryVisibility>(9)); });

  // Every group call names a group: the same three ways of naming a wrong one for each.
  const auto wrong_groups = [&](const std::string& rpc, auto&& make) {
    t.push_back({rpc, "conversation_id 0", make(int64_t{0}), C::INVALID_ARGUMENT});
    t.push_back({rpc, "conversation_id -1", make(int64_t{-1}), C::INVALID_ARGUMENT});
    t.push_back({rpc, "conversation_id 2^63-1", make(INT64_MAX), C::NOT_FOUND});
    t.push_back({rpc, "a group the caller was never in", make(w.foreign_group), C::NOT_FOUND});
    t.push_back({rpc, "a direct conversation's id", make(w.own_direct), C::NOT_FOUND});
  };
  const auto with_member = [](auto request, const std::string& member) {
    return [request, member](int64_t id) {
      auto r = request;
      r.set_conversation_id(id);
      r.set_member_id(member);
      return one(r);
    };
  };

  const auto add_members = [](const std::vector<std::string>& ids) {
    return [ids](int64_t id) {
      v1::AddMembersRequest r;
      r.set_conversation_id(id);
      for (const auto& m : ids) r.add_member_ids(m);
      return one(r);
    };
  };
  wrong_groups("GroupService.AddMembers", add_members({"carol"}));
  t.push_back({"GroupService.AddMembers", "no member IDs", add_members({})(w.own_group),
               C::INVALID_ARGUMENT});
  t.push_back({"GroupService.AddMembers", "an unknown member ID",
               add_members({"nobody.here"})(w.own_group), C::NOT_FOUND});
  t.push_back({"GroupService.AddMembers", "a member ID not UTF-8",
               add_members({kNotUtf8})(w.own_group), C::INVALID_ARGUMENT});
  t.push_back({"GroupService.AddMembers", "a member already in the group",
               add_members({"seller.li"})(w.own_group), C::ALREADY_EXISTS});

  const auto remove = with_member(v1::RemoveMemberRequest{}, "seller.li");
  wrong_groups("GroupService.RemoveMember", remove);
  t.push_back({"GroupService.RemoveMember", "an unknown member ID",
               with_member(v1::RemoveMemberRequest{}, "nobody.here")(w.own_group), C::NOT_FOUND});
  t.push_back({"GroupService.RemoveMember", "someone not in the group",
               with_member(v1::RemoveMemberRequest{}, "bob")(w.own_group), C::NOT_FOUND});
  t.push_back({"GroupService.RemoveMember", "no member ID",
               with_member(v1::RemoveMemberRequest{}, "")(w.own_group), C::INVALID_ARGUMENT});
  t.push_back({"GroupService.RemoveMember", "yourself",
               with_member(v1::RemoveMemberRequest{}, "anna")(w.own_group), C::INVALID_ARGUMENT});

  const auto leave = [](int64_t id) {
    v1::LeaveGroupRequest r;
    r.set_conversation_id(id);
    return one(r);
  };
  wrong_groups("GroupService.LeaveGroup", leave);
  t.push_back({"GroupService.LeaveGroup", "the owner while others remain", leave(w.own_group),
               C::FAILED_PRECONDITION});

  const auto rename = [](const std::string& name) {
    return [name](int64_t id) {
      v1::RenameGroupRequest r;
      r.set_conversation_id(id);
      r.set_name(name);
      return one(r);
    };
  };
  wrong_groups("GroupService.RenameGroup", rename("Renamed"));
  t.push_back(
      {"GroupService.RenameGroup", "no name", rename("")(w.own_group), C::INVALID_ARGUMENT});
  t.push_back({"GroupService.RenameGroup", "name not UTF-8", rename(kNotUtf8)(w.own_group),
               C::INVALID_ARGUMENT});
  t.push_back({"GroupService.RenameGroup", "name of 65 characters",
               rename(std::string(65, 'n'))(w.own_group), C::INVALID_ARGUMENT});

  v1::SetAdminRequest promote;
  promote.set_admin(true);
  wrong_groups("GroupService.SetAdmin", with_member(promote, "seller.li"));
  t.push_back({"GroupService.SetAdmin", "an unknown member ID",
               with_member(promote, "nobody.here")(w.own_group), C::NOT_FOUND});
  t.push_back({"GroupService.SetAdmin", "the owner", with_member(promote, "anna")(w.own_group),
               C::FAILED_PRECONDITION});
  t.push_back({"GroupService.SetAdmin", "a member ID not UTF-8",
               with_member(promote, kNotUtf8)(w.own_group), C::INVALID_ARGUMENT});

  const v1::TransferOwnershipRequest transfer;
  wrong_groups("GroupService.TransferOwnership", with_member(transfer, "seller.li"));
  t.push_back({"GroupService.TransferOwnership", "an unknown member ID",
               with_member(transfer, "nobody.here")(w.own_group), C::NOT_FOUND});
  t.push_back({"GroupService.TransferOwnership", "yourself",
               with_member(transfer, "anna")(w.own_group), C::INVALID_ARGUMENT});
  t.push_back({"GroupService.TransferOwnership", "no member ID",
               with_member(transfer, "")(w.own_group), C::INVALID_ARGUMENT});

  const auto visibility = [](int value) {
    return [value](int64_t id) {
      v1::SetHistoryVisibilityRequest r;
      r.set_conversation_id(id);
      r.set_history_visibility(static_cast<v1::HistoryVisibility>(value));
      return one(r);
    };
  };
  wrong_groups("GroupService.SetHistoryVisibility", visibility(v1::HISTORY_VISIBILITY_FULL));
  t.push_back({"GroupService.SetHistoryVisibility", "unspecified", visibility(0)(w.own_group),
               C::INVALID_ARGUMENT});
  t.push_back({"GroupService.SetHistoryVisibility", "9, unknown to the enum",
               visibility(9)(w.own_group), C::INVALID_ARGUMENT});

  t.push_back({"GroupService.ListGroupChats",
               "bytes that are not a request",
               {kNotWire},
               C::INVALID_ARGUMENT});

  wrong_groups("GroupService.GetMembers", [](int64_t id) {
    v1::GetMembersRequest r;
    r.set_conversation_id(id);
    return one(r);
  });

  const auto receipts = [](int64_t seq) {
    return [seq](int64_t id) {
      v1::GetReceiptsRequest r;
      r.set_conversation_id(id);
      r.set_seq(seq);
      return one(r);
    };
  };
  wrong_groups("GroupService.GetReceipts", receipts(1));
  t.push_back({"GroupService.GetReceipts", "seq 0", receipts(0)(w.own_group), C::INVALID_ARGUMENT});
  t.push_back(
      {"GroupService.GetReceipts", "seq -1", receipts(-1)(w.own_group), C::INVALID_ARGUMENT});
  t.push_back(
      {"GroupService.GetReceipts", "seq 2^63-1", receipts(INT64_MAX)(w.own_group), C::NOT_FOUND});
  return t;
}

}  // namespace souk::test
