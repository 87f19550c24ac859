// Nothing committed is lost: restarts, SIGKILL, and messages far larger than usual.
#include <random>

#include "integration/fixture.hpp"

namespace souk::test {
namespace {

using Durability = SoukdTest;

// Mixed one- to four-byte UTF-8, so a byte slip anywhere shows.
std::string big_text(size_t bytes) {
  static const char* const pieces[] = {"a", "Z", " ", "\n", "ł", "€", "漢", "😀", "0123456789"};
  std::mt19937 rng(7);
  std::string out;
  while (out.size() < bytes) out += pieces[rng() % 9];
  while (out.size() > bytes) out.pop_back();  // only ASCII pieces could leave a partial char
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
  return out;
}

TEST_F(Durability, SoukdRestartsBetweenSendAndReceive) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  ASSERT_TRUE(chat(anna).send(text_to("seller.li", "before the restart")).ok());
  EXPECT_EQ(stop_server(SIGTERM), 0);
  start();
  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(li_stream.wait_for_messages(1));
  EXPECT_EQ(li_stream.messages()[0].text(), "before the restart");
  ASSERT_TRUE(chat(anna).send(text_to("seller.li", "after the restart")).ok());
  ASSERT_TRUE(li_stream.wait_for_messages(2));
  EXPECT_EQ(li_stream.messages()[1].seq(), 2);
}

TEST_F(Durability, SigkillRightAfterSendLosesNothing) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  auto sent = chat(anna).send(text_to("seller.li", "committed before the crash", "crash-1"));
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(stop_server(SIGKILL), 128 + SIGKILL);
  start();

  v1::GetHistoryRequest history;
  *history.mutable_conversation() = client::ChatClient::peer("anna");
  auto page = chat(li).history(history);
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->messages_size(), 1);
  EXPECT_EQ(page->messages(0).id(), sent->message().id());
  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(li_stream.wait_for_messages(1));

  // The retry a client makes after the crash is recognised as the same message.
  auto retry = chat(anna).send(text_to("seller.li", "committed before the crash", "crash-1"));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->duplicate());
  EXPECT_EQ(retry->message().id(), sent->message().id());
}

TEST_F(Durability, ResendingAClientMsgIdMakesNoTwin) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  auto first = chat(anna).send(text_to("seller.li", "once", "same-id"));
  auto second = chat(anna).send(text_to("seller.li", "once", "same-id"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_FALSE(first->duplicate());
  EXPECT_TRUE(second->duplicate());
  EXPECT_EQ(first->message().id(), second->message().id());
  EXPECT_EQ(first->message().seq(), second->message().seq());
  EXPECT_EQ(count_rows("messages"), 1);
  EXPECT_EQ(count_rows("events"), 2) << "one event for each member, not two";
  // A later message is a barrier: the log holds it after any twin, so once it has
  // arrived, a twin would have too.
  ASSERT_TRUE(chat(anna).send(text_to("seller.li", "later", "later-id")).ok());
  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(li_stream.wait_for([](const auto& events) {
    for (const auto& e : events) {
      if (e.has_message() && e.message().client_msg_id() == "later-id") return true;
    }
    return false;
  }));
  const auto received = li_stream.messages();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].client_msg_id(), "same-id");
  EXPECT_EQ(received[1].client_msg_id(), "later-id");
  // The same id from another sender is another message.
  const auto bob = member("bob");
  auto other = chat(bob).send(text_to("seller.li", "once", "same-id"));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->duplicate());
}

TEST_F(Durability, TenMebibytesArriveByteForByte) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  const std::string text = big_text(10 << 20);
  ASSERT_GT(text.size(), (10u << 20) - 8);
  auto sent = chat(anna).send(text_to("seller.li", text));
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(li_stream.wait_for_messages(1, std::chrono::seconds(60)));
  EXPECT_TRUE(li_stream.messages()[0].text() == text) << "stream copy differs";
  v1::GetHistoryRequest history;
  *history.mutable_conversation() = client::ChatClient::peer("anna");
  auto page = chat(li).history(history);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->messages(0).text() == text) << "history copy differs";
}

TEST_F(Durability, OneByteOverTheLimitIsRefusedNamingIt) {
  const auto anna = member("anna");
  member("seller.li");
  const std::string text((64u << 20) + 1, 'x');
  auto refused = chat(anna).send(text_to("seller.li", text));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kResourceExhausted);
  EXPECT_NE(refused.status().message().find("max_message_bytes is 67108864"), std::string::npos)
      << refused.status().message();
  EXPECT_EQ(count_rows("messages"), 0);
  // Exactly at the limit is fine.
  auto at_limit = chat(anna).send(text_to("seller.li", std::string(64u << 20, 'y')));
  EXPECT_TRUE(at_limit.ok()) << at_limit.status().message();
}

}  // namespace
}  // namespace souk::test
