// What one caller's streams and pages may hold in soukd: streams per member, and bytes per
// history page and replay batch.
#include <chrono>
#include <memory>
#include <set>
#include <vector>

#include "integration/fixture.hpp"

namespace souk::test {
namespace {

using StreamLimits = SoukdTest;
using std::chrono::seconds;

// The status a Subscribe ends with when it cannot even start.
Status refused_stream(const std::string& address, const std::string& token) {
  client::EventStream stream(*client::open_channel({address, ""}), token);
  stream.open(0, [](const v1::SubscribeResponse&) {});
  return stream.wait();
}

TEST_F(StreamLimits, TheSeventeenthStreamOfAMemberIsRefusedUntilOneCloses) {
  const auto token = seller("many.devices");
  auto writer = chat(member("writer"));
  // Something in the log, so that each stream shows it is open by replaying it.
  ASSERT_TRUE(writer.send(text_to("many.devices", "hello")).ok());
  std::vector<std::unique_ptr<EventCollector>> streams;
  for (int i = 0; i < 16; ++i) {
    streams.push_back(std::make_unique<EventCollector>(server_->address(), token));
    ASSERT_TRUE(streams.back()->wait_for_messages(1)) << "stream " << i + 1;
  }

  const Status refused = refused_stream(server_->address(), token);
  EXPECT_EQ(refused.code(), Code::kResourceExhausted) << refused.message();
  EXPECT_NE(refused.message().find("max_streams_per_user"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("16"), std::string::npos) << refused.message();

  // Another member on the same address is not held back by this one's streams.
  const auto other = seller("one.device");
  EventCollector other_stream(server_->address(), other);
  ASSERT_TRUE(writer.send(text_to("one.device", "hi")).ok());
  EXPECT_TRUE(other_stream.wait_for_messages(1));

  // A closed stream gives its place back (once soukd has seen it go).
  streams.back()->cut();
  const auto deadline = std::chrono::steady_clock::now() + seconds(20);
  std::unique_ptr<EventCollector> again;
  while (std::chrono::steady_clock::now() < deadline) {
    again = std::make_unique<EventCollector>(server_->address(), token);
    if (again->wait_for_messages(1, std::chrono::milliseconds(500))) break;
    again.reset();
  }
  EXPECT_NE(again, nullptr) << "no stream could open after one of the sixteen closed";
}

TEST_F(StreamLimits, HistoryPagesAndReplayBatchesStopAtMaxPageBytes) {
  constexpr size_t kMiB = 1 << 20;
  start({"--max-page-bytes", std::to_string(2 * kMiB)});
  const auto reader = seller("page.reader");
  auto sender = chat(member("page.writer"));
  std::vector<std::string> texts;
  for (int i = 0; i < 5; ++i) texts.push_back(std::string(kMiB, static_cast<char>('a' + i)));
  texts.push_back(std::string(3 * kMiB, 'z'));  // larger than a page: goes alone
  for (const auto& text : texts) ASSERT_TRUE(sender.send(text_to("page.reader", text)).ok());

  // Newest first, going back with before_seq, as the client pages up.
  auto client = chat(reader);
  std::vector<std::string> got;
  std::vector<size_t> page_sizes;
  int64_t before = 0;
  for (int page = 0; page < 10; ++page) {
    v1::GetHistoryRequest request;
    *request.mutable_conversation() = client::ChatClient::peer("page.writer");
    request.set_before_seq(before);
    request.set_limit(50);
    auto response = client.history(request);
    ASSERT_TRUE(response.ok()) << response.status().message();
    ASSERT_GT(response->messages_size(), 0);
    page_sizes.push_back(static_cast<size_t>(response->messages_size()));
    std::vector<std::string> older;
    for (const auto& m : response->messages()) older.push_back(m.text());
    got.insert(got.begin(), older.begin(), older.end());
    before = response->messages(0).seq();
    if (!response->has_more()) break;
  }
  EXPECT_EQ(got, texts) << "every message once, in order, across the pages";
  ASSERT_GE(page_sizes.size(), 4u);
  EXPECT_EQ(page_sizes[0], 1u) << "the 3 MiB message alone";
  for (size_t i = 1; i < page_sizes.size(); ++i) EXPECT_LE(page_sizes[i], 2u) << "page " << i;

  // The same bound cuts a replay into batches.
  std::mutex mu;
  std::vector<size_t> batch_bytes;
  std::vector<int64_t> seqs;
  std::vector<v1::Message> replayed;
  client::EventStream stream(*client::open_channel({server_->address(), ""}), reader);
  std::condition_variable changed;
  stream.open(0, [&](const v1::SubscribeResponse& batch) {
    std::lock_guard lock(mu);
    size_t bytes = 0;
    for (const auto& e : batch.events()) {
      if (!e.has_message()) continue;
      bytes += e.message().text().size();
      seqs.push_back(e.seq());
      replayed.push_back(e.message());
    }
    if (bytes > 0) batch_bytes.push_back(bytes);
    changed.notify_all();
  });
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(changed.wait_for(lock, seconds(30), [&] { return seqs.size() >= texts.size(); }));
    EXPECT_EQ(std::set<int64_t>(seqs.begin(), seqs.end()).size(), texts.size());
    // Large texts travel as slices of the stored record: the frame must still parse into
    // the same message, every field in place.
    ASSERT_EQ(replayed.size(), texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      EXPECT_EQ(replayed[i].text(), texts[i]) << "message " << i;
      EXPECT_EQ(replayed[i].sender(), "page.writer");
      EXPECT_EQ(replayed[i].seq(), static_cast<int64_t>(i + 1));
      EXPECT_FALSE(replayed[i].client_msg_id().empty());
      EXPECT_GT(replayed[i].server_time_ms(), 0);
    }
    for (const size_t bytes : batch_bytes) {
      if (bytes != 3 * kMiB) EXPECT_LE(bytes, 2 * kMiB);
    }
  }
  stream.close();
  (void)stream.wait();
}

TEST_F(StreamLimits, AnAddressHoldsAtMostMaxStreamsPerAddress) {
  start({"--max-streams-per-address", "2"});
  const auto a = seller("address.a");
  const auto b = seller("address.b");
  const auto c = seller("address.c");
  auto writer = chat(member("address.writer"));
  for (const auto* to : {"address.a", "address.b", "address.c"}) {
    ASSERT_TRUE(writer.send(text_to(to, "hello")).ok());
  }
  EventCollector first(server_->address(), a);
  EventCollector second(server_->address(), b);
  ASSERT_TRUE(first.wait_for_messages(1));
  ASSERT_TRUE(second.wait_for_messages(1));

  // A third member, but from the same address: refused, whoever it is.
  const Status refused = refused_stream(server_->address(), c);
  EXPECT_EQ(refused.code(), Code::kResourceExhausted) << refused.message();
  EXPECT_NE(refused.message().find("max_streams_per_address"), std::string::npos)
      << refused.message();
}

TEST_F(StreamLimits, TheConversationListCarriesLastMessagesUpToMaxPageBytes) {
  constexpr size_t kMiB = 1 << 20;
  start({"--max-page-bytes", std::to_string(2 * kMiB)});
  const auto reader = member("list.reader");
  for (const auto* shop : {"list.one", "list.two", "list.three"}) {
    seller(shop);
    // Each chat ends in a 1 MiB message; three of them do not fit in 2 MiB.
    ASSERT_TRUE(chat(reader).send(text_to(shop, std::string(kMiB, 'm'))).ok());
  }
  auto list = chat(reader).conversations();
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->conversations_size(), 3);
  int with_last = 0;
  for (const auto& c : list->conversations()) {
    EXPECT_GT(c.last_seq(), 0) << "every chat is listed, with or without its last message";
    if (c.has_last_message()) {
      ++with_last;
      EXPECT_EQ(c.last_message().text().size(), kMiB);
    }
  }
  EXPECT_EQ(with_last, 2);
  // The newest comes first and always has its last message.
  EXPECT_TRUE(list->conversations(0).has_last_message());
}

TEST_F(StreamLimits, TheReplyToALargeSendCarriesEveryFieldAndTheWholeText) {
  start();
  seller("reply.reader");
  auto sender = chat(member("reply.writer"));
  // Not one repeated byte: a slice out of place or cut short changes what is read back.
  std::string text(2 << 20, ' ');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + (i * 7919) % 26);
  auto request = text_to("reply.reader", text);
  request.set_lang("en");
  request.mutable_context()->set_kind(v1::MessageContext::KIND_ORDER);
  request.mutable_context()->set_id("order-77");
  auto sent = sender.send(request);
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_FALSE(sent->duplicate());
  EXPECT_EQ(sent->message().text(), text);
  EXPECT_EQ(sent->message().sender(), "reply.writer");
  EXPECT_EQ(sent->message().client_msg_id(), request.client_msg_id());
  EXPECT_EQ(sent->message().lang(), "en");
  EXPECT_EQ(sent->message().context().id(), "order-77");
  EXPECT_GT(sent->message().seq(), 0);

  // The same send again is answered from what was stored, and says so.
  auto again = sender.send(request);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->duplicate());
  EXPECT_EQ(again->message().id(), sent->message().id());
  EXPECT_EQ(again->message().text(), text);
}

}  // namespace
}  // namespace souk::test
