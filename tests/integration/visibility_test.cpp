// One visibility rule on every path that reveals content: a member who joined a group whose
// history starts at the join, and a member who left, see through files, downloads,
// translations and receipts exactly what their history shows, and what they may not see
// answers like what does not exist.
#include "integration/visibility_fixture.hpp"
#include "support/event_collector.hpp"

namespace souk::test {
namespace {

constexpr const char* kNoSuchFile = "fAAAAAAAAAAAAAAAA";

TEST_F(VisibilityTest, ALateJoinerSeesNoFileOrMessageFromBeforeTheJoin) {
  const auto owner = seller("vis.owner");
  const auto early = seller("vis.early");
  const auto late = seller("vis.late");
  const int64_t group =
      create_group(owner, "Samples", {"vis.early"}, v1::HISTORY_VISIBILITY_FROM_JOIN);
  const auto old_file = upload(owner, "old price list", "old-prices.txt");
  const auto before = post(owner, group, "the old prices, for the early ones", {old_file});
  ASSERT_TRUE(groups(owner).add_members(add(group, {"vis.late"})).ok());
  const auto new_file = upload(owner, "new price list", "new-prices.txt");
  const auto after = post(owner, group, "the new prices, for everyone", {new_file});

  // History has long held the window; files, downloads and translation now do too.
  auto shown = history(late, group);
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  const auto shown_texts = texts(shown->messages());
  EXPECT_EQ(std::count(shown_texts.begin(), shown_texts.end(), before.text()), 0);
  EXPECT_EQ(std::count(shown_texts.begin(), shown_texts.end(), after.text()), 1);

  auto listed = listed_files(late, group);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  EXPECT_EQ(*listed, std::vector<std::string>{"new-prices.txt"});
  auto early_list = listed_files(early, group);
  ASSERT_TRUE(early_list.ok());
  EXPECT_EQ(*early_list, (std::vector<std::string>{"new-prices.txt", "old-prices.txt"}));

  auto hidden = download(late, old_file);
  auto missing = download(late, kNoSuchFile);
  ASSERT_FALSE(hidden.ok()) << "the late joiner downloaded a file from before the join";
  EXPECT_EQ(hidden.status().code(), Code::kNotFound);
  EXPECT_EQ(refusal(hidden.status(), old_file), refusal(missing.status(), kNoSuchFile));
  EXPECT_EQ(seen(late, new_file), "new price list");
  EXPECT_EQ(seen(early, old_file), "old price list");

  // Translating "into the language it is in" hands back the original: not for a message
  // from before the join.
  const int64_t no_such_message = after.id() + 1000;
  auto secret = translate_message(late, before.id());
  auto nothing = translate_message(late, no_such_message);
  ASSERT_FALSE(secret.ok()) << "translation revealed: " << secret->text();
  EXPECT_EQ(secret.status().code(), Code::kNotFound);
  EXPECT_EQ(refusal(secret.status(), std::to_string(before.id())),
            refusal(nothing.status(), std::to_string(no_such_message)));
  auto visible = translate_message(late, after.id());
  ASSERT_TRUE(visible.ok()) << visible.status().message();
  EXPECT_EQ(visible->text(), after.text());

  // Receipts of a message from before the join: as for one never written.
  auto receipts = groups(late).receipts(group, before.seq());
  auto unwritten = groups(late).receipts(group, after.seq() + 50);
  EXPECT_EQ(receipts.status().code(), Code::kNotFound);
  EXPECT_EQ(refusal(receipts.status(), std::to_string(before.seq())),
            refusal(unwritten.status(), std::to_string(after.seq() + 50)));
  EXPECT_TRUE(groups(late).receipts(group, after.seq()).ok());
}

TEST_F(VisibilityTest, AFormerMemberKeepsWhatTheyHadAndHearsNothingAfter) {
  const auto owner = seller("gone.owner");
  const auto bob = seller("gone.bob");
  const auto dan = seller("gone.dan");
  const int64_t group = create_group(owner, "Stock", {"gone.bob", "gone.dan"});
  const auto kept = upload(owner, "spring catalogue", "spring.txt");
  post(owner, group, "spring", {kept});
  const auto offer = post(bob, group, "bob's offer");
  ASSERT_TRUE(groups(bob).leave(group).ok());
  const auto later = upload(owner, "summer catalogue", "summer.txt");
  post(owner, group, "summer", {later});
  // Everyone still there reads everything, bob's offer included: news bob must not get.
  v1::MarkReadRequest read;
  *read.mutable_conversation() = client::ChatClient::conversation(group);
  ASSERT_TRUE(chat(dan).mark_read(read).ok());
  ASSERT_TRUE(chat(owner).mark_read(read).ok());

  // What bob had stays readable: his history, its files and their bytes.
  auto listed = listed_files(bob, group);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  EXPECT_EQ(*listed, std::vector<std::string>{"spring.txt"});
  EXPECT_EQ(seen(bob, kept), "spring catalogue");
  auto hidden = download(bob, later);
  auto missing = download(bob, kNoSuchFile);
  EXPECT_EQ(hidden.status().code(), Code::kNotFound);
  EXPECT_EQ(refusal(hidden.status(), later), refusal(missing.status(), kNoSuchFile));

  // Nothing that happened after he left: no receipt counts or marks in his history, no
  // receipt in his event log.
  auto page = history(bob, group);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->receipts_size(), 0);
  EXPECT_EQ(page->peer_read_seq(), 0);
  EXPECT_EQ(page->peer_delivered_seq(), 0);
  ASSERT_TRUE(chat(owner).send(text_to("gone.bob", "the last word")).ok());
  EventCollector events(server_->address(), bob);
  ASSERT_TRUE(events.wait_for([](const std::vector<v1::Event>& all) {
    return std::any_of(all.begin(), all.end(), [](const v1::Event& e) {
      return e.has_message() && e.message().text() == "the last word";
    });
  }));
  for (const auto& r : events.receipts()) {
    EXPECT_FALSE(r.conversation_id() == group && r.up_to_seq() >= offer.seq())
        << r.member_id() << " read up to " << r.up_to_seq() << " after bob left";
  }
}

TEST_F(VisibilityTest, IdsOfOtherPeoplesConversationsAnswerAsIdsThatDoNotExist) {
  const auto owner = seller("ids.owner");
  const auto stranger = seller("ids.stranger");
  seller("ids.friend");
  const int64_t group = create_group(owner, "Private", {"ids.friend"});
  const int64_t none = group + 1000;
  auto ref = [](int64_t id) { return client::ChatClient::conversation(id); };
  const auto same = [&](const Status& theirs, const Status& nobodys) {
    EXPECT_EQ(theirs.code(), Code::kNotFound) << theirs.message();
    EXPECT_EQ(refusal(theirs, std::to_string(group)), refusal(nobodys, std::to_string(none)));
  };
  auto history_of = [&](int64_t id) {
    v1::GetHistoryRequest r;
    *r.mutable_conversation() = ref(id);
    return chat(stranger).history(r).status();
  };
  auto files_of = [&](int64_t id) {
    v1::ListFilesRequest r;
    *r.mutable_conversation() = ref(id);
    return files(stranger).list(r).status();
  };
  auto send_to = [&](int64_t id) {
    v1::SendMessageRequest r;
    *r.mutable_to() = ref(id);
    r.set_text("hello?");
    r.set_client_msg_id(client::ChatClient::new_client_msg_id());
    return chat(stranger).send(r).status();
  };
  auto read_in = [&](int64_t id) {
    v1::MarkReadRequest r;
    *r.mutable_conversation() = ref(id);
    return chat(stranger).mark_read(r).status();
  };
  auto type_in = [&](int64_t id) {
    v1::SetTypingRequest r;
    *r.mutable_conversation() = ref(id);
    r.set_typing(true);
    return chat(stranger).set_typing(r);
  };
  same(history_of(group), history_of(none));
  same(files_of(group), files_of(none));
  same(send_to(group), send_to(none));
  same(read_in(group), read_in(none));
  same(type_in(group), type_in(none));
  same(groups(stranger).members(group).status(), groups(stranger).members(none).status());
  same(groups(stranger).receipts(group, 1).status(), groups(stranger).receipts(none, 1).status());
  const auto message = post(owner, group, "members only");
  const auto theirs = translate_message(stranger, message.id()).status();
  const auto nobodys = translate_message(stranger, message.id() + 1000).status();
  EXPECT_EQ(theirs.code(), Code::kNotFound);
  EXPECT_EQ(refusal(theirs, std::to_string(message.id())),
            refusal(nobodys, std::to_string(message.id() + 1000)));
}

}  // namespace
}  // namespace souk::test
