// The delivery model against a real soukd: offline queue, receipts, resume, devices.
#include <set>
#include <thread>

#include "integration/fixture.hpp"

namespace souk::test {
namespace {

using Delivery = SoukdTest;

bool has_receipt(const std::vector<v1::Event>& events, v1::Receipt::Kind kind, int64_t up_to) {
  for (const auto& e : events) {
    if (e.has_receipt() && e.receipt().kind() == kind && e.receipt().up_to_seq() >= up_to) {
      return true;
    }
  }
  return false;
}

// Sets `from` typing (or not) to `peer`, and waits until `stream` shows it. Typing is sent
// live after everything committed before it, so it serves as a barrier: once it is in, any
// stray or repeated event from before it would be in too.
bool typing_arrives(client::ChatClient from, const std::string& peer, EventCollector& stream,
                    bool typing) {
  v1::SetTypingRequest request;
  *request.mutable_conversation() = client::ChatClient::peer(peer);
  request.set_typing(typing);
  if (!from.set_typing(request).ok()) return false;
  return stream.wait_for([typing](const auto& events) {
    for (const auto& e : events) {
      if (e.has_typing() && e.typing().typing() == typing) return true;
    }
    return false;
  });
}

TEST_F(Delivery, OfflineMemberGetsMessagesOnLoginThenSenderSeesDeliveredAndRead) {
  const auto anna = member("anna");
  auto li_register = auth_client().register_account(buyer("seller.li"));
  ASSERT_TRUE(li_register.ok());
  EventCollector anna_stream(server_->address(), anna);

  auto sender = chat(anna);
  for (int i = 1; i <= 3; ++i) {
    auto sent = sender.send(text_to("seller.li", "offline message " + std::to_string(i)));
    ASSERT_TRUE(sent.ok()) << sent.status().message();
    EXPECT_EQ(sent->message().seq(), i);
  }
  // Sent, not yet delivered: nobody on the other side has a device online.
  v1::GetHistoryRequest history;
  *history.mutable_conversation() = client::ChatClient::peer("seller.li");
  auto before = sender.history(history);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->peer_delivered_seq(), 0);

  const auto li = another_device("seller.li");  // logs in now
  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(li_stream.wait_for_messages(3));
  auto received = li_stream.messages();
  ASSERT_EQ(received.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(received[i].text(), "offline message " + std::to_string(i + 1));
    EXPECT_EQ(received[i].sender(), "anna");
  }

  ASSERT_TRUE(anna_stream.wait_for([](const auto& events) {
    return has_receipt(events, v1::Receipt::KIND_DELIVERED, 3);
  })) << "the sender hears 'delivered' after the recipient's device acknowledged";
  EXPECT_FALSE(has_receipt(anna_stream.events(), v1::Receipt::KIND_READ, 1));

  v1::MarkReadRequest read;
  *read.mutable_conversation() = client::ChatClient::peer("anna");
  auto marked = chat(li).mark_read(read);
  ASSERT_TRUE(marked.ok()) << marked.status().message();
  EXPECT_EQ(marked->read_seq(), 3);
  ASSERT_TRUE(anna_stream.wait_for(
      [](const auto& events) { return has_receipt(events, v1::Receipt::KIND_READ, 3); }));

  auto after = sender.history(history);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->peer_delivered_seq(), 3);
  EXPECT_EQ(after->peer_read_seq(), 3);
}

TEST_F(Delivery, StreamCutInTheMiddleOfABurstResumesExactlyOnceInOrder) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  constexpr int kBurst = 1000;
  // Joined on every path: an ASSERT below that returns early must not leave it joinable.
  std::jthread burst([&] {
    auto sender = chat(anna);
    for (int i = 0; i < kBurst; ++i) {
      auto sent = sender.send(text_to("seller.li", "burst " + std::to_string(i)));
      ASSERT_TRUE(sent.ok()) << sent.status().message();
    }
  });

  std::vector<v1::Event> seen;
  {
    EventCollector first(server_->address(), li);
    ASSERT_TRUE(first.wait_for_messages(kBurst / 5));
    first.cut();
    seen = first.events();
  }
  ASSERT_LT(seen.size(), static_cast<size_t>(kBurst)) << "the cut must land mid-burst";
  EventCollector resumed(server_->address(), li, seen.back().seq());
  ASSERT_TRUE(resumed.wait_for_messages(kBurst - seen.size(), std::chrono::seconds(60)));
  burst.join();
  // Anna's typing goes out after every message she sent, so once it is in, any repeat of
  // them would be in too.
  ASSERT_TRUE(typing_arrives(chat(anna), "seller.li", resumed, true));
  for (const auto& e : resumed.events()) {
    if (!e.has_typing()) seen.push_back(e);
  }

  std::vector<v1::Message> messages;
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].seq(), static_cast<int64_t>(i + 1)) << "no gap, no repeat in the log";
    if (seen[i].has_message()) messages.push_back(seen[i].message());
  }
  ASSERT_EQ(messages.size(), static_cast<size_t>(kBurst));
  for (int i = 0; i < kBurst; ++i) {
    EXPECT_EQ(messages[i].text(), "burst " + std::to_string(i));
    EXPECT_EQ(messages[i].seq(), i + 1);
  }
}

TEST_F(Delivery, EveryDeviceSeesTheSameStreamIncludingOwnMessages) {
  const auto anna_laptop = member("anna");
  const auto anna_phone = another_device("anna");
  const auto li_desk = member("seller.li");
  const auto li_phone = another_device("seller.li");
  EventCollector anna_phone_stream(server_->address(), anna_phone);
  EventCollector li_desk_stream(server_->address(), li_desk);
  EventCollector li_phone_stream(server_->address(), li_phone, 0, /*ack=*/false);

  auto sender = chat(anna_laptop);
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(sender.send(text_to("seller.li", "m" + std::to_string(i))).ok());
  }
  ASSERT_TRUE(li_desk_stream.wait_for_messages(50));
  ASSERT_TRUE(li_phone_stream.wait_for_messages(50));
  ASSERT_TRUE(anna_phone_stream.wait_for_messages(50)) << "the sender's other device too";

  auto ids = [](const std::vector<v1::Message>& messages) {
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const auto& m : messages) out.emplace_back(m.id(), m.seq());
    return out;
  };
  EXPECT_EQ(ids(li_desk_stream.messages()), ids(li_phone_stream.messages()));
  EXPECT_EQ(ids(anna_phone_stream.messages()), ids(li_desk_stream.messages()));
}

TEST_F(Delivery, TwentyConcurrentSendersLeaveNoGapsAndOneOrder) {
  constexpr int kSenders = 20;
  constexpr int kEach = 25;
  const auto li = member("seller.li");
  const auto li_phone = another_device("seller.li");
  std::vector<std::string> tokens;
  for (int s = 0; s < kSenders; ++s) tokens.push_back(member("buyer" + std::to_string(s)));
  EventCollector desk(server_->address(), li);
  EventCollector phone(server_->address(), li_phone);

  std::vector<std::jthread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      auto c = chat(tokens[s]);
      for (int i = 0; i < kEach; ++i) {
        auto sent = c.send(text_to("seller.li", std::to_string(s) + ":" + std::to_string(i)));
        ASSERT_TRUE(sent.ok()) << sent.status().message();
        EXPECT_EQ(sent->message().seq(), i + 1) << "each conversation counts on its own";
      }
    });
  }
  for (auto& t : senders) t.join();
  ASSERT_TRUE(desk.wait_for_messages(kSenders * kEach));
  ASSERT_TRUE(phone.wait_for_messages(kSenders * kEach));

  // Every event in the log, messages and receipts alike, has the next seq; and both
  // devices see the same messages under the same seqs.
  auto message_seqs = [](const std::vector<v1::Event>& events) {
    std::vector<std::pair<int64_t, int64_t>> out;  // (event seq, message id)
    for (size_t i = 0; i < events.size(); ++i) {
      EXPECT_EQ(events[i].seq(), static_cast<int64_t>(i + 1));
      if (events[i].has_message()) out.emplace_back(events[i].seq(), events[i].message().id());
    }
    return out;
  };
  const auto on_desk = message_seqs(desk.events());
  ASSERT_EQ(on_desk.size(), static_cast<size_t>(kSenders * kEach));
  EXPECT_EQ(on_desk, message_seqs(phone.events()));
  // Within each conversation the seqs are 1..kEach, in order.
  std::map<std::string, int64_t> last_seq_by_sender;
  for (const auto& m : desk.messages()) {
    EXPECT_EQ(m.seq(), last_seq_by_sender[m.sender()] + 1) << m.sender();
    last_seq_by_sender[m.sender()] = m.seq();
  }
}

TEST_F(Delivery, TypingIsLiveOnlyAndNeverStored) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  ASSERT_TRUE(chat(anna).send(text_to("seller.li", "hello")).ok());
  // Not acking keeps receipts out of the log, so any new row would be the typing event.
  EventCollector li_stream(server_->address(), li, 0, /*ack=*/false);
  ASSERT_TRUE(li_stream.wait_for_messages(1));
  const auto events_before = count_rows("events");

  v1::SetTypingRequest typing;
  *typing.mutable_conversation() = client::ChatClient::peer("seller.li");
  typing.set_typing(true);
  ASSERT_TRUE(chat(anna).set_typing(typing).ok());
  ASSERT_TRUE(li_stream.wait_for([](const auto& events) {
    for (const auto& e : events) {
      if (e.has_typing() && e.typing().member_id() == "anna" && e.typing().typing()) return true;
    }
    return false;
  }));
  EXPECT_EQ(count_rows("events"), events_before);
  EventCollector replay(server_->address(), li, 0, /*ack=*/false);
  // A message sent now lies in the log after anything stored for the typing, so once it has
  // arrived, the whole replay has.
  ASSERT_TRUE(chat(anna).send(text_to("seller.li", "after typing")).ok());
  ASSERT_TRUE(replay.wait_for_messages(2));
  for (const auto& e : replay.events()) EXPECT_FALSE(e.has_typing()) << "typing is not replayed";
  EXPECT_EQ(replay.messages().back().text(), "after typing");
}

TEST_F(Delivery, ConversationListShowsPeerLastMessageAndUnread) {
  const auto anna = member("anna");
  const auto li = member("seller.li");
  ASSERT_TRUE(chat(anna).send(text_to("seller.li", "one")).ok());
  ASSERT_TRUE(chat(anna).send(text_to("seller.li", "two")).ok());
  ASSERT_TRUE(chat(li).send(text_to("anna", "reply")).ok());

  auto list = chat(li).conversations();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->conversations_size(), 1);
  const auto& c = list->conversations(0);
  EXPECT_EQ(c.peer_member_id(), "anna");
  EXPECT_EQ(c.unread_count(), 2) << "own messages are never unread";
  EXPECT_EQ(c.last_message().text(), "reply");

  v1::MarkReadRequest read;
  *read.mutable_conversation() = client::ChatClient::peer("anna");
  ASSERT_TRUE(chat(li).mark_read(read).ok());
  EXPECT_EQ(chat(li).conversations()->conversations(0).unread_count(), 0);
  EXPECT_EQ(chat(anna).conversations()->conversations(0).unread_count(), 1);
}

}  // namespace
}  // namespace souk::test
