// Automatic translation through the real apertium engine (Debian's apertium-eng-spa).
#include "integration/translation_fixture.hpp"

namespace souk::test {
namespace {

TEST_F(TranslationTest, SpanishBuyerAndEnglishSellerEachReadTheOtherTranslated) {
  const auto buyer = member("comprador");
  const auto seller = member("seller.en");
  settings(buyer, "es", "es");
  settings(seller, "en", "en");
  EventCollector buyer_events(server_->address(), buyer);
  EventCollector seller_events(server_->address(), seller);

  auto asked = chat(buyer).send(text_to("seller.en", "¿Cuánto cuesta la camisa?"));
  ASSERT_TRUE(asked.ok()) << asked.status().message();
  const auto question = asked->message().id();
  const auto to_seller = wait_translation(seller_events, question, v1::TRANSLATION_STATE_DONE);
  ASSERT_TRUE(to_seller) << server_->log();
  EXPECT_NE(lower(to_seller->text()).find("shirt"), std::string::npos) << to_seller->text();
  EXPECT_EQ(to_seller->source_lang(), "es");
  EXPECT_EQ(to_seller->target_lang(), "en");
  EXPECT_EQ(to_seller->engine(), "apertium");

  auto answered = chat(seller).send(text_to("comprador", "The price is ten dollars."));
  ASSERT_TRUE(answered.ok()) << answered.status().message();
  const auto to_buyer =
      wait_translation(buyer_events, answered->message().id(), v1::TRANSLATION_STATE_DONE);
  ASSERT_TRUE(to_buyer) << server_->log();
  EXPECT_NE(lower(to_buyer->text()).find("precio"), std::string::npos) << to_buyer->text();

  // The original came first and is kept as it was; the sender gets no translation.
  const auto events = seller_events.events();
  const auto first = std::find_if(events.begin(), events.end(), [&](const v1::Event& e) {
    return (e.has_message() && e.message().id() == question) ||
           (e.has_message_translated() && e.message_translated().message_id() == question);
  });
  ASSERT_NE(first, events.end());
  EXPECT_TRUE(first->has_message());
  EXPECT_EQ(first->message().text(), "¿Cuánto cuesta la camisa?");
  for (const auto& t : translations(buyer_events)) EXPECT_NE(t.message_id(), question);

  // History carries the original and, for this reader, its translation.
  v1::GetHistoryRequest page;
  *page.mutable_conversation() = client::ChatClient::peer("comprador");
  auto history = chat(seller).history(page);
  ASSERT_TRUE(history.ok()) << history.status().message();
  ASSERT_EQ(history->messages_size(), 2);
  EXPECT_EQ(history->messages(0).text(), "¿Cuánto cuesta la camisa?");
  ASSERT_EQ(history->messages(0).translations_size(), 1);
  EXPECT_EQ(history->messages(0).translations(0).text(), to_seller->text());
  EXPECT_EQ(history->messages(1).translations_size(), 0);  // the seller's own words
}

TEST_F(TranslationTest, TheSameTextForTwoReadersCostsOneEngineCall) {
  const auto seller = member("seller.one");
  const auto ana = member("ana");
  const auto luis = member("luis");
  settings(ana, "es", "auto");
  settings(luis, "es", "auto");
  settings(seller, "en", "en");
  EventCollector ana_events(server_->address(), ana);
  EventCollector luis_events(server_->address(), luis);

  const std::string text = "We can ship the order on Monday.";
  auto to_ana = chat(seller).send(text_to("ana", text));
  auto to_luis = chat(seller).send(text_to("luis", text));
  ASSERT_TRUE(to_ana.ok() && to_luis.ok());
  const auto a = wait_translation(ana_events, to_ana->message().id(), v1::TRANSLATION_STATE_DONE);
  const auto l = wait_translation(luis_events, to_luis->message().id(), v1::TRANSLATION_STATE_DONE);
  ASSERT_TRUE(a && l) << server_->log();
  EXPECT_EQ(a->text(), l->text());
  // Exactly one of the two went to the engine; the other was served from the cache.
  EXPECT_NE(a->cached(), l->cached());
  EXPECT_EQ(count_rows("translation_cache"), 1);

  // Asking again on demand is a cache hit too.
  v1::TranslateRequest again;
  again.set_text(text);
  again.set_to("es");
  again.set_from("en");
  auto r = translation(seller).translate(again);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->cached());
  EXPECT_EQ(r->text(), a->text());
}

TEST_F(TranslationTest, AnUnsupportedPairNamesThePairsThereAre) {
  const auto buyer = member("acheteur");
  const auto seller = member("seller.fr");
  v1::TranslateRequest r;
  r.set_text("Bonjour, je voudrais acheter des chemises.");
  r.set_from("fr");
  r.set_to("es");
  auto refused = translation(buyer).translate(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("en→es"), std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("es→en"), std::string::npos);

  v1::SetTranslationSettingsRequest into_german;
  into_german.set_auto_translate(true);
  into_german.set_target_lang("de");
  auto no_german = translation(buyer).set_settings(into_german);
  ASSERT_FALSE(no_german.ok());
  EXPECT_EQ(no_german.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(no_german.status().message().find("en→es"), std::string::npos);

  v1::SetTranslationSettingsRequest bad_tag;
  bad_tag.set_auto_translate(true);
  bad_tag.set_target_lang("e$");
  auto bad = translation(buyer).set_settings(bad_tag);
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("target_lang"), std::string::npos);
  auto unchanged = translation(buyer).settings();
  ASSERT_TRUE(unchanged.ok());
  EXPECT_FALSE(unchanged->auto_translate());  // refused settings changed nothing

  // Automatic translation from a language with no pair says so instead of retrying.
  settings(buyer, "es", "fr");
  settings(seller, "en", "fr");
  EventCollector events(server_->address(), buyer);
  auto sent = chat(seller).send(text_to("acheteur", "Bonjour, le prix est bon."));
  ASSERT_TRUE(sent.ok());
  const auto t = wait_translation(events, sent->message().id(), v1::TRANSLATION_STATE_UNSUPPORTED);
  ASSERT_TRUE(t) << server_->log();
  EXPECT_NE(t->error().find("en→es"), std::string::npos) << t->error();
  EXPECT_EQ(t->next_retry_ms(), 0);
}

TEST_F(TranslationTest, SettingsFollowTheUserToEveryDevice) {
  const auto laptop = member("traveller");
  EventCollector laptop_events(server_->address(), laptop);
  const auto phone = another_device("traveller");
  v1::SetTranslationSettingsRequest r;
  r.set_auto_translate(true);
  r.set_target_lang("ES");
  r.set_write_in("auto");
  auto set = translation(phone).set_settings(r);
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->target_lang(), "es");  // stored in the short form
  EXPECT_EQ(set->write_in(), "");       // auto

  // The device that was already open hears of it at once...
  ASSERT_TRUE(laptop_events.wait_for([](const std::vector<v1::Event>& events) {
    return std::any_of(events.begin(), events.end(), [](const v1::Event& e) {
      return e.has_translation_settings() && e.translation_settings().target_lang() == "es";
    });
  }));
  // ...and one that logs in later finds them on the server.
  auto later = translation(another_device("traveller")).settings();
  ASSERT_TRUE(later.ok()) << later.status().message();
  EXPECT_TRUE(later->auto_translate());
  EXPECT_EQ(later->target_lang(), "es");
}

}  // namespace
}  // namespace souk::test
