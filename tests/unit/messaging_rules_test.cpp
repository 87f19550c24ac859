// Who may send to whom, exactly once per client_msg_id, and in which order: the rules of
// Messaging on explicit inputs.
#include "unit/domain_fixture.hpp"

namespace souk::domain {
namespace {

using MessagingRules = DomainTest;

std::vector<int64_t> seqs_of(const std::vector<storage::EventRecord>& log) {
  std::vector<int64_t> out;
  for (const auto& e : log) out.push_back(e.seq);
  return out;
}

TEST_F(MessagingRules, EachConversationNumbersItsMessagesFromOneInCommitOrder) {
  const auto anna = account("anna");
  const auto li = account("seller.li", true);
  const auto bob = account("bob");
  for (int i = 1; i <= 3; ++i) {
    auto sent = send(anna, peer("seller.li"), "to li " + std::to_string(i));
    ASSERT_TRUE(sent.ok()) << sent.status().message();
    EXPECT_EQ(sent->message->seq, i);
    EXPECT_FALSE(sent->duplicate);
  }
  auto reply = send(li, peer("anna"), "from li");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->message->seq, 4) << "both directions share one conversation and one count";
  auto other = send(bob, peer("seller.li"), "from bob");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->message->seq, 1) << "another conversation counts on its own";
  EXPECT_NE(other->message->conversation_id, reply->message->conversation_id);

  EXPECT_EQ(*texts(li, peer("anna")),
            (std::vector<std::string>{"to li 1", "to li 2", "to li 3", "from li"}));
  // Each member's log numbers its own events 1, 2, 3... with no gap, messages in
  // conversation order.
  EXPECT_EQ(seqs_of(log_of(li)), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(logged_texts(li),
            (std::vector<std::string>{"to li 1", "to li 2", "to li 3", "from li", "from bob"}));
  EXPECT_EQ(logged_texts(anna),
            (std::vector<std::string>{"to li 1", "to li 2", "to li 3", "from li"}))
      << "the sender's other devices see their own messages";
  EXPECT_TRUE(logged_texts(bob) == std::vector<std::string>{"from bob"});
}

TEST_F(MessagingRules, AClientMsgIdMakesOneMessageWhateverComesWithTheRetry) {
  const auto anna = account("anna");
  const auto li = account("seller.li", true);
  auto first = send(anna, peer("seller.li"), "the first text", "retry-1");
  ASSERT_TRUE(first.ok());
  clock_.advance_ms(60'000);
  auto again = send(anna, peer("seller.li"), "a different text", "retry-1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->message->id, first->message->id);
  EXPECT_EQ(again->message->seq, first->message->seq);
  EXPECT_EQ(again->message->text, "the first text") << "the stored message is the answer";
  EXPECT_EQ(again->message->created_at_ms, first->message->created_at_ms);
  EXPECT_EQ(count_rows("messages"), 1);
  EXPECT_EQ(logged_texts(li), std::vector<std::string>{"the first text"});
  EXPECT_EQ(log_of(li).size(), 1u) << "the retry adds nothing to the recipient's log";

  // The id is the sender's: another sender, or the same id to another peer, is the same
  // message only for the same sender.
  const auto bob = account("bob");
  auto bobs = send(bob, peer("seller.li"), "bob's", "retry-1");
  ASSERT_TRUE(bobs.ok());
  EXPECT_FALSE(bobs->duplicate);
  auto elsewhere = send(anna, peer("bob"), "to bob", "retry-1");
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->duplicate) << "a retry is recognised by sender and id alone";
  EXPECT_EQ(elsewhere->message->id, first->message->id);
  EXPECT_EQ(count_rows("messages"), 2);
  EXPECT_TRUE(logged_texts(bob) == std::vector<std::string>{"bob's"});
}

TEST_F(MessagingRules, ABlockedSenderIsRefusedHoweverTheChatIsNamedAndNothingIsStored) {
  const auto anna = account("anna");
  const auto li = account("seller.li", true);
  auto before = send(anna, peer("seller.li"), "before the block");
  ASSERT_TRUE(before.ok());
  const int64_t chat = before->message->conversation_id;
  ASSERT_TRUE(block(li, "anna").ok());

  for (const auto& target : {peer("seller.li"), peer("SELLER.LI"), conversation(chat)}) {
    auto refused = send(anna, target, "after the block");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), Code::kPermissionDenied);
    EXPECT_EQ(refused.status().message(), "'seller.li' is not accepting messages from you");
  }
  EXPECT_EQ(count_rows("messages"), 1);
  EXPECT_EQ(logged_texts(li), std::vector<std::string>{"before the block"});

  // The blocker may still write; the block is one-way.
  auto blocker_writes = send(li, peer("anna"), "from the blocker");
  ASSERT_TRUE(blocker_writes.ok()) << blocker_writes.status().message();
  EXPECT_EQ(blocker_writes->message->seq, 2);

  ASSERT_TRUE(block(li, "anna", false).ok());
  auto unblocked = send(anna, peer("seller.li"), "after the unblock");
  ASSERT_TRUE(unblocked.ok()) << unblocked.status().message();
  EXPECT_EQ(unblocked->message->seq, 3) << "a refused send took no seq";
}

TEST_F(MessagingRules, DirectMessagesNeedNoContactButAKnownPeerOtherThanOneself) {
  const auto anna = account("anna");
  account("bob");  // a buyer: approval policy, and anna is not in his contacts
  auto to_stranger = send(anna, peer("bob"), "hello");
  EXPECT_TRUE(to_stranger.ok()) << "contacts gate adding and group invitations, not writing";

  auto to_self = send(anna, peer("anna"), "me");
  EXPECT_EQ(to_self.status().code(), Code::kInvalidArgument);
  auto to_nobody = send(anna, peer("nobody"), "anyone?");
  EXPECT_EQ(to_nobody.status().code(), Code::kNotFound);
  EXPECT_EQ(to_nobody.status().message(), "no member with ID 'nobody'");
  EXPECT_EQ(count_rows("messages"), 1);
}

TEST_F(MessagingRules, OnlyItsMembersMayWriteIntoOrReadAConversation) {
  const auto anna = account("anna");
  account("seller.li", true);
  const auto eve = account("eve");
  auto sent = send(anna, peer("seller.li"), "private");
  ASSERT_TRUE(sent.ok());
  const int64_t chat = sent->message->conversation_id;

  auto intruding = send(eve, conversation(chat), "let me in");
  EXPECT_EQ(intruding.status().code(), Code::kNotFound);
  auto reading = messaging_.history(eve, conversation(chat), 0, 0, 50);
  EXPECT_EQ(reading.status().code(), Code::kNotFound);
  auto unknown = messaging_.history(eve, conversation(chat + 1000), 0, 0, 50);
  EXPECT_EQ(unknown.status().message(), reading.status().message())
      << "someone else's chat looks like one that does not exist";
  EXPECT_EQ(count_rows("messages"), 1);
}

TEST_F(MessagingRules, AnAckTurnsIntoOneDeliveredReceiptForTheSender) {
  const auto anna = account("anna");
  const auto li = account("seller.li", true);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(send(anna, peer("seller.li"), "m").ok());
  ASSERT_TRUE(await_status([&](auto r) { messaging_.ack(li, 2, std::move(r)); }).ok());
  ASSERT_TRUE(await_status([&](auto r) { messaging_.ack(li, 2, std::move(r)); }).ok());
  std::vector<int64_t> delivered;
  for (const auto& e : log_of(anna)) {
    if (e.kind == storage::EventKind::kDelivered) delivered.push_back(e.value);
  }
  EXPECT_EQ(delivered, std::vector<int64_t>{2}) << "up to the acked message, once";
  auto page = messaging_.history(anna, peer("seller.li"), 0, 0, 50);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->peer_delivered_seq, 2);
  EXPECT_EQ(page->peer_read_seq, 0);

  auto read =
      await<int64_t>([&](auto r) { messaging_.mark_read(li, peer("anna"), 0, std::move(r)); });
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(*read, 3);
  EXPECT_EQ(messaging_.history(anna, peer("seller.li"), 0, 0, 50)->peer_read_seq, 3);
}

}  // namespace
}  // namespace souk::domain
