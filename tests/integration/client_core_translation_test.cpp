// Translations as the client keeps them: a manual one stays with its message in the
// local cache, like the automatic ones, and shows in history read offline.
#include "integration/core_fixture.hpp"

namespace souk::test {
namespace {

using ClientCoreTranslation = CoreTest;

TEST_F(ClientCoreTranslation, AManualTranslationIsKeptForHistoryReadOffline) {
  const std::string text = "The price is too high.";
  {
    auto li = signed_in("seller.li", true);
    auto anna = signed_in("anna");
    anna->commands().add_contact("seller.li");
    ASSERT_TRUE(wait_until(*anna, [](auto& s) { return s.contacts.find("seller.li") != nullptr; }));
    anna->commands().save_translation_settings(false, "es", "en");  // asked for, not automatic
    ASSERT_TRUE(wait_until(*anna, [](auto& s) { return s.translation.outcome == "Saved"; }));

    li->commands().send_text(li->commands().open_chat("anna"), text);
    const auto chat = client::ChatKey::direct("seller.li");
    ASSERT_TRUE(wait_until(*anna, [&](auto& s) { return texts(s.chat(chat)).size() == 1; }));
    anna->commands().translate_message(chat, anna->store().chat(chat)->messages[0].id);
    ASSERT_TRUE(wait_until(*anna, [&](auto& s) {
      const auto& m = s.chat(chat)->messages[0];
      return m.translation && m.translation->state == v1::TRANSLATION_STATE_DONE;
    }));
    EXPECT_NE(anna->store().chat(chat)->messages[0].translation->text.find("precio"),
              std::string::npos)
        << anna->store().chat(chat)->messages[0].translation->text;
  }  // both windows closed; the worker has written what it was given before it stopped

  stop_server(SIGTERM);
  auto anna = core("anna");  // the remembered session, and no server to reach
  // As a user would: the chat is opened from the list the cache shows.
  const auto chat = client::ChatKey::direct("seller.li");
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) {
    return s.chat(chat) != nullptr && s.chat(chat)->conversation_id != 0;
  }));
  anna->commands().open_chat_by_id(chat);
  // The chat list's preview of the message may show first; the page from the cache then
  // brings the message as it was kept.
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) {
    const auto* c = s.chat(chat);
    return c != nullptr && c->messages.size() == 1 && c->messages[0].translation.has_value();
  })) << "the manual translation was not kept";
  const auto& m = anna->store().chat(chat)->messages[0];
  EXPECT_EQ(m.text, text);
  EXPECT_EQ(m.translation->state, v1::TRANSLATION_STATE_DONE);
  EXPECT_NE(m.translation->text.find("precio"), std::string::npos) << m.translation->text;
  EXPECT_FALSE(anna->store().connection.online());
}

}  // namespace
}  // namespace souk::test
