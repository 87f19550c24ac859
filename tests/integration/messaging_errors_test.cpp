// Bad input is refused with a precise status and changes nothing in the database.
#include "integration/fixture.hpp"

namespace souk::test {
namespace {

class MessagingErrors : public SoukdTest {
 protected:
  std::map<std::string, int64_t> snapshot() {
    return {{"messages", count_rows("messages")},
            {"events", count_rows("events")},
            {"conversations", count_rows("conversations")},
            {"conversation_members", count_rows("conversation_members")}};
  }

  void expect_refused(const Status& status, Code code, const std::string& words) {
    EXPECT_EQ(status.code(), code) << status.message();
    EXPECT_NE(status.message().find(words), std::string::npos) << status.message();
  }
};

TEST_F(MessagingErrors, InvalidSendsChangeNothing) {
  const auto anna = member("anna");
  member("seller.li");
  const auto carol = member("carol");
  ASSERT_TRUE(chat(carol).send(text_to("seller.li", "a conversation anna is not in")).ok());
  const auto before = snapshot();
  auto c = chat(anna);

  expect_refused(c.send(text_to("seller.li", "bad \xC3\x28 byte")).status(), Code::kInvalidArgument,
                 "UTF-8");
  expect_refused(c.send(text_to("seller.li", "")).status(), Code::kInvalidArgument, "needs text");
  expect_refused(c.send(text_to("nobody.here", "hi")).status(), Code::kNotFound, "nobody.here");
  expect_refused(c.send(text_to("anna", "hi me")).status(), Code::kInvalidArgument, "yourself");
  auto no_id = text_to("seller.li", "hi");
  no_id.set_client_msg_id("");
  expect_refused(c.send(no_id).status(), Code::kInvalidArgument, "client_msg_id");
  auto no_target = text_to("seller.li", "hi");
  no_target.clear_to();
  expect_refused(c.send(no_target).status(), Code::kInvalidArgument, "who the message is for");
  auto bad_lang = text_to("seller.li", "hi");
  bad_lang.set_lang("en_US!");
  expect_refused(c.send(bad_lang).status(), Code::kInvalidArgument, "language tag");
  auto bad_context = text_to("seller.li", "hi");
  bad_context.mutable_context()->set_kind(v1::MessageContext::KIND_PRODUCT);
  expect_refused(c.send(bad_context).status(), Code::kInvalidArgument, "context id");
  // Carol's conversation exists, but to anna it does not.
  auto foreign = text_to("seller.li", "hi");
  *foreign.mutable_to() = client::ChatClient::conversation(1);
  expect_refused(c.send(foreign).status(), Code::kNotFound, "no such conversation");

  EXPECT_EQ(snapshot(), before);
}

TEST_F(MessagingErrors, ReadsAndMarksRespectMembership) {
  const auto anna = member("anna");
  member("seller.li");
  const auto carol = member("carol");
  ASSERT_TRUE(chat(carol).send(text_to("seller.li", "private")).ok());
  const auto before = snapshot();

  v1::GetHistoryRequest history;
  *history.mutable_conversation() = client::ChatClient::conversation(1);
  expect_refused(chat(anna).history(history).status(), Code::kNotFound, "no such conversation");
  *history.mutable_conversation() = client::ChatClient::peer("seller.li");
  expect_refused(chat(anna).history(history).status(), Code::kNotFound, "yet");
  history.set_limit(501);
  *history.mutable_conversation() = client::ChatClient::peer("carol");
  expect_refused(chat(anna).history(history).status(), Code::kInvalidArgument, "limit");

  v1::MarkReadRequest read;
  *read.mutable_conversation() = client::ChatClient::conversation(1);
  expect_refused(chat(anna).mark_read(read).status(), Code::kNotFound, "no such conversation");
  v1::SetTypingRequest typing;
  *typing.mutable_conversation() = client::ChatClient::conversation(1);
  expect_refused(chat(anna).set_typing(typing), Code::kNotFound, "no such conversation");
  EXPECT_EQ(snapshot(), before);
}

TEST_F(MessagingErrors, EveryChatCallNeedsAToken) {
  member("seller.li");
  auto anonymous = chat("");
  expect_refused(anonymous.send(text_to("seller.li", "hi")).status(), Code::kUnauthenticated,
                 "log in");
  expect_refused(anonymous.conversations().status(), Code::kUnauthenticated, "log in");
  expect_refused(anonymous.ack(1), Code::kUnauthenticated, "log in");
  client::EventStream stream(*client::open_channel({server_->address(), ""}), "forged");
  stream.open(0, [](const v1::SubscribeResponse&) { ADD_FAILURE() << "no events for strangers"; });
  expect_refused(stream.wait(), Code::kUnauthenticated, "not valid");
  EXPECT_EQ(count_rows("messages"), 0);
}

}  // namespace
}  // namespace souk::test
