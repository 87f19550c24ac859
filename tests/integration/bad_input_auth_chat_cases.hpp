#pragma once

#include "integration/bad_input_cases.hpp"

namespace souk::test {

inline std::vector<BadCase> auth_cases(const BadInputWorld& w) {
  using namespace bad_input;
  using C = grpc::StatusCode;
  std::vector<BadCase> t;
  const auto reg = [](auto&& change) {
    v1::RegisterRequest r;
    r.set_member_id("newcomer");
    r.set_password("correct horse");
    r.set_display_name("Newcomer");
    r.set_role(v1::ROLE_BUYER);
    change(r);
    return one(r);
  };
  const auto add_reg = [&](std::string what, C code, auto&& change) {
    t.push_back({"AuthService.Register", std::move(what), reg(change), code, true});
  };
  add_reg("no member ID", C::INVALID_ARGUMENT, [](auto& r) { r.clear_member_id(); });
  add_reg("member ID of 33 characters", C::INVALID_ARGUMENT,
          [](auto& r) { r.set_member_id(std::string(33, 'n')); });
  add_reg("member ID not UTF-8", C::INVALID_ARGUMENT, [](auto& r) { r.set_member_id(kNotUtf8); });
  add_reg("no password", C::INVALID_ARGUMENT, [](auto& r) { r.clear_password(); });
  add_reg("password of 1025 bytes", C::INVALID_ARGUMENT,
          [](auto& r) { r.set_password(std::string(1025, 'p')); });
  add_reg("no display name", C::INVALID_ARGUMENT, [](auto& r) { r.clear_display_name(); });
  add_reg("display name of 65 characters", C::INVALID_ARGUMENT,
          [](auto& r) { r.set_display_name(std::string(65, 'd')); });
  add_reg("display name not UTF-8", C::INVALID_ARGUMENT,
          [](auto& r) { r.set_display_name(kNotUtf8); });
  add_reg("role unspecified", C::INVALID_ARGUMENT, [](auto& r) { r.clear_role(); });
  add_reg("role 7, unknown to the enum", C::INVALID_ARGUMENT,
          [](auto& r) { r.set_role(static_cast<v1::Role>(7)); });
  add_reg("role -1", C::INVALID_ARGUMENT, [](auto& r) { r.set_role(static_cast<v1::Role>(-1)); });
  add_reg("request of 5000 bytes", C::INVALID_ARGUMENT,
          [](auto& r) { r.set_shop_name(std::string(5000, 's')); });
  add_reg("member ID taken, in other letter case", C::ALREADY_EXISTS,
          [](auto& r) { r.set_member_id("ANNA"); });
  t.push_back({"AuthService.Register",
               "bytes that are not a request",
               {kNotWire},
               C::INVALID_ARGUMENT,
               true});

  const auto login = [](auto&& change) {
    v1::LoginRequest r;
    r.set_member_id("anna");
    r.set_password("correct horse");
    r.set_device_name("bad input");
    change(r);
    return one(r);
  };
  const auto add_login = [&](std::string what, C code, auto&& change) {
    t.push_back({"AuthService.Login", std::move(what), login(change), code, true});
  };
  add_login("no member ID", C::INVALID_ARGUMENT, [](auto& r) { r.clear_member_id(); });
  add_login("member ID not UTF-8", C::INVALID_ARGUMENT, [](auto& r) { r.set_member_id(kNotUtf8); });
  add_login("device name of 65 characters", C::INVALID_ARGUMENT,
            [](auto& r) { r.set_device_name(std::string(65, 'd')); });
  add_login("device name not UTF-8", C::INVALID_ARGUMENT,
            [](auto& r) { r.set_device_name(kNotUtf8); });
  add_login("unknown member ID", C::UNAUTHENTICATED,
            [](auto& r) { r.set_member_id("nobody.here"); });
  add_login("no password", C::UNAUTHENTICATED, [](auto& r) { r.clear_password(); });
  t.push_back(
      {"AuthService.Login", "bytes that are not a request", {kNotWire}, C::INVALID_ARGUMENT, true});

  for (const char* rpc : {"AuthService.Logout", "AuthService.WhoAmI", "AuthService.ListSessions",
                          "AuthService.EndOtherSessions"}) {
    t.push_back({rpc, "bytes that are not a request", {kNotWire}, C::INVALID_ARGUMENT});
  }

  const auto end_session = [&](std::string what, C code, const std::string& id) {
    v1::EndSessionRequest r;
    r.set_session_id(id);
    t.push_back({"AuthService.EndSession", std::move(what), one(r), code});
  };
  end_session("no session id", C::INVALID_ARGUMENT, "");
  end_session("session id of 65 bytes", C::INVALID_ARGUMENT, std::string(65, 'a'));
  end_session("session id not UTF-8", C::INVALID_ARGUMENT, kNotUtf8);
  end_session("session id with a control character", C::INVALID_ARGUMENT, "ab\ncd");
  end_session("unknown session id", C::NOT_FOUND, "0123456789abcdef");
  end_session("another member's session id", C::NOT_FOUND, w.foreign_session);

  const auto change = [&](std::string what, C code, const std::string& current,
                          const std::string& next) {
    v1::ChangePasswordRequest r;
    r.set_current_password(current);
    r.set_new_password(next);
    t.push_back({"AuthService.ChangePassword", std::move(what), one(r), code});
  };
  change("no current password", C::INVALID_ARGUMENT, "", "a new password");
  change("new password of 7 characters", C::INVALID_ARGUMENT, "correct horse", "short12");
  change("new password of 1025 bytes", C::INVALID_ARGUMENT, "correct horse",
         std::string(1025, 'p'));
  change("new password not UTF-8", C::INVALID_ARGUMENT, "correct horse", kNotUtf8 + "long");
  change("new password equal to the current one", C::INVALID_ARGUMENT, "correct horse",
         "correct horse");
  change("wrong current password", C::PERMISSION_DENIED, "not my password", "a new password");
  return t;
}

inline std::vector<BadCase> chat_cases(const BadInputWorld& w) {
  using namespace bad_input;
  using C = grpc::StatusCode;
  std::vector<BadCase> t;
  const auto add_send = [&](std::string what, C code, const v1::SendMessageRequest& r) {
    t.push_back({"ChatService.SendMessage", std::move(what), one(r), code});
  };
  const auto to_li = send(peer("seller.li"));
  auto r = to_li;
  r.clear_to();
  add_send("no recipient", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.clear_client_msg_id();
  add_send("no client_msg_id", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.set_client_msg_id(std::string(65, 'c'));
  add_send("client_msg_id of 65 bytes", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.set_client_msg_id(kNotUtf8);
  add_send("client_msg_id not UTF-8", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.clear_text();
  add_send("no text and no attachment", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.set_text(kNotUtf8);
  add_send("text not UTF-8", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.set_text(std::string(kMaxMessageBytes + 1, 't'));
  add_send("text one byte over max_message_bytes", C::RESOURCE_EXHAUSTED, r);
  r = to_li;
  r.set_lang(kNotUtf8);
  add_send("language tag not UTF-8", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.set_lang(std::string(300, 'e'));
  add_send("language tag of 300 bytes", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.mutable_context()->set_kind(static_cast<v1::MessageContext::Kind>(9));
  r.mutable_context()->set_id("p1");
  add_send("context kind 9, unknown to the enum", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.mutable_context()->set_id("p1");
  add_send("context with an id but no kind", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.mutable_context()->set_kind(v1::MessageContext::KIND_PRODUCT);
  r.mutable_context()->set_id(std::string(100000 - 16, 'i'));
  add_send("context id of 100 KB", C::INVALID_ARGUMENT, r);
  // MessageContext's fields are `string`: their invalid UTF-8 can only be sent by hand.
  t.push_back(
      {"ChatService.SendMessage",
       "context title not UTF-8",
       {to_li.SerializeAsString() +
        wire::bytes_field(5, wire::varint_field(1, v1::MessageContext::KIND_PRODUCT) +
                                 wire::bytes_field(2, "p1") + wire::bytes_field(3, kNotUtf8))},
       C::INVALID_ARGUMENT});
  add_send("to an unknown member ID", C::NOT_FOUND, send(peer("nobody.here")));
  add_send("to a member ID that is not UTF-8", C::INVALID_ARGUMENT, send(peer(kNotUtf8)));
  add_send("to yourself", C::INVALID_ARGUMENT, send(peer("anna")));
  add_send("to conversation 0", C::INVALID_ARGUMENT, send(conversation(0)));
  add_send("to conversation -5", C::INVALID_ARGUMENT, send(conversation(-5)));
  add_send("to conversation 2^63-1", C::NOT_FOUND, send(conversation(INT64_MAX)));
  add_send("to another member's direct conversation", C::NOT_FOUND,
           send(conversation(w.foreign_direct)));
  add_send("to a group the caller was never in", C::NOT_FOUND, send(conversation(w.foreign_group)));
  r = to_li;
  r.add_attachment_file_ids("no-such-file");
  add_send("an unknown attachment id", C::NOT_FOUND, r);
  r = to_li;
  r.add_attachment_file_ids(w.foreign_file);
  add_send("another member's file as attachment", C::NOT_FOUND, r);
  r = to_li;
  r.add_attachment_file_ids(w.own_file);
  r.add_attachment_file_ids(w.own_file);
  add_send("the same attachment twice", C::INVALID_ARGUMENT, r);
  r = to_li;
  r.add_attachment_file_ids(kNotUtf8);
  add_send("an attachment id not UTF-8", C::INVALID_ARGUMENT, r);
  r = to_li;
  for (int i = 0; i < 33; ++i) r.add_attachment_file_ids("file-" + std::to_string(i));
  add_send("33 attachments (max_attachments is 32)", C::RESOURCE_EXHAUSTED, r);
  r = to_li;
  r.add_attachment_file_ids(w.own_partial);
  add_send("an unfinished upload's id as attachment", C::NOT_FOUND, r);
  t.push_back(
      {"ChatService.SendMessage", "bytes that are not a request", {kNotWire}, C::INVALID_ARGUMENT});

  v1::SubscribeRequest sub;
  sub.set_since_seq(-1);
  t.push_back({"ChatService.Subscribe", "since_seq -1", one(sub), C::INVALID_ARGUMENT});
  sub.set_since_seq(INT64_MIN);
  t.push_back({"ChatService.Subscribe", "since_seq -2^63", one(sub), C::INVALID_ARGUMENT});
  sub.set_since_seq(0);
  sub.set_ack_seq(-3);
  t.push_back({"ChatService.Subscribe", "ack_seq -3", one(sub), C::INVALID_ARGUMENT});
  t.push_back(
      {"ChatService.Subscribe", "bytes that are not a request", {kNotWire}, C::INVALID_ARGUMENT});

  for (int64_t seq : {int64_t{0}, int64_t{-1}, int64_t{INT64_MAX}}) {
    v1::AckRequest ack;
    ack.set_ack_seq(seq);
    t.push_back(
        {"ChatService.Ack", "ack_seq " + std::to_string(seq), one(ack), C::INVALID_ARGUMENT});
  }

  const auto history = [&](std::string what, C code, auto&& change) {
    v1::GetHistoryRequest h;
    *h.mutable_conversation() = conversation(w.own_direct);
    change(h);
    t.push_back({"ChatService.GetHistory", std::move(what), one(h), code});
  };
  history("no conversation", C::INVALID_ARGUMENT, [](auto& h) { h.clear_conversation(); });
  history("limit 501", C::INVALID_ARGUMENT, [](auto& h) { h.set_limit(501); });
  history("limit -1", C::INVALID_ARGUMENT, [](auto& h) { h.set_limit(-1); });
  history("before_seq -1", C::INVALID_ARGUMENT, [](auto& h) { h.set_before_seq(-1); });
  history("after_seq -1", C::INVALID_ARGUMENT, [](auto& h) { h.set_after_seq(-1); });
  history("both before_seq and after_seq", C::INVALID_ARGUMENT, [](auto& h) {
    h.set_before_seq(5);
    h.set_after_seq(1);
  });
  history("another member's conversation", C::NOT_FOUND,
          [&](auto& h) { *h.mutable_conversation() = conversation(w.foreign_direct); });
  history("conversation 2^63-1", C::NOT_FOUND,
          [&](auto& h) { *h.mutable_conversation() = conversation(INT64_MAX); });
  history("an unknown member ID", C::NOT_FOUND,
          [&](auto& h) { *h.mutable_conversation() = peer("nobody.here"); });
  history("a member ID not UTF-8", C::INVALID_ARGUMENT,
          [&](auto& h) { *h.mutable_conversation() = peer(kNotUtf8); });

  t.push_back({"ChatService.ListConversations",
               "bytes that are not a request",
               {kNotWire},
               C::INVALID_ARGUMENT});

  const auto mark = [&](std::string what, C code, auto&& change) {
    v1::MarkReadRequest m;
    *m.mutable_conversation() = conversation(w.own_direct);
    change(m);
    t.push_back({"ChatService.MarkRead", std::move(what), one(m), code});
  };
  mark("no conversation", C::INVALID_ARGUMENT, [](auto& m) { m.clear_conversation(); });
  mark("up_to_seq -1", C::INVALID_ARGUMENT, [](auto& m) { m.set_up_to_seq(-1); });
  mark("up_to_seq past the conversation's last seq", C::INVALID_ARGUMENT,
       [](auto& m) { m.set_up_to_seq(INT64_MAX); });
  mark("another member's conversation", C::NOT_FOUND,
       [&](auto& m) { *m.mutable_conversation() = conversation(w.foreign_direct); });
  mark("a member ID not UTF-8", C::INVALID_ARGUMENT,
       [&](auto& m) { *m.mutable_conversation() = peer(kNotUtf8); });
  mark("a group the caller was never in", C::NOT_FOUND,
       [&](auto& m) { *m.mutable_conversation() = conversation(w.foreign_group); });

  const auto typing = [&](std::string what, C code, const v1::ConversationRef& ref, bool set) {
    v1::SetTypingRequest s;
    if (set) *s.mutable_conversation() = ref;
    s.set_typing(true);
    t.push_back({"ChatService.SetTyping", std::move(what), one(s), code});
  };
  typing("no conversation", C::INVALID_ARGUMENT, {}, false);
  typing("another member's conversation", C::NOT_FOUND, conversation(w.foreign_direct), true);
  typing("an unknown member ID", C::NOT_FOUND, peer("nobody.here"), true);
  typing("conversation -1", C::INVALID_ARGUMENT, conversation(-1), true);
  typing("a member ID not UTF-8", C::INVALID_ARGUMENT, peer(kNotUtf8), true);
  return t;
}

}  // namespace souk::test
