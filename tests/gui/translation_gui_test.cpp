// Translated chat in the window: Settings → Chat → Translation → Enable → language →
// Apply, then a Spanish message from a seller reads in English, with the original a
// click away. Real soukd with the real Apertium engine.
#include "gui/gui_fixture.hpp"

namespace souk::test {
namespace {

class TranslationGui : public GuiTest {};

bool shown_contains(const nlohmann::json& p, const std::string& words) {
  return p.contains("values") && p["values"].contains("chat.last_shown") &&
         p["values"]["chat.last_shown"].get<std::string>().find(words) != std::string::npos;
}

TEST_F(TranslationGui, EnableTranslationAndReadASpanishMessageInEnglish) {
  register_member("buyer.ana", "Ana Smith");
  register_member("seller.luis", "Luis Ortega", true);
  ASSERT_EQ(cli("buyer.ana", {"add", "seller.luis"}).exit_code, 0);
  auto& souk = open_signed_in("buyer.ana", {"--chat-with", "seller.luis"});
  ASSERT_TRUE(souk.wait_for_item("chat.composer")) << souk.probe().dump();

  souk.click("settings.open");
  ASSERT_TRUE(souk.wait_for_value("settings.open", "yes"));
  souk.click("settings.tab.chat");
  ASSERT_TRUE(souk.wait_for_item("settings.translation.enable")) << souk.probe().dump();
  souk.click("settings.translation.enable");
  souk.click("settings.translation.language");
  ASSERT_TRUE(souk.wait_for_item("settings.translation.language.en")) << souk.probe().dump();
  souk.click("settings.translation.language.en");
  souk.click("settings.apply");
  ASSERT_TRUE(souk.wait_for_value("settings.outcome", "Saved")) << souk.probe().dump();
  shot("settings-chat-translation");
  // The server keeps the choice, so every device of the buyer has it.
  auto settings = cli("buyer.ana", {"--json", "settings", "translation"});
  ASSERT_EQ(settings.exit_code, 0) << settings.err;
  EXPECT_NE(settings.out.find("\"target_lang\":\"en\""), std::string::npos) << settings.out;
  ASSERT_TRUE(souk.click_until("settings.close", [](const nlohmann::json& p) {
    return !p["values"].contains("settings.open");
  }));

  const std::string spanish = "Tenemos camisas de algodón en tres colores.";
  auto sent = cli("seller.luis", {"send", "buyer.ana", spanish});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  ASSERT_TRUE(souk.wait_for_value("chat.last_text", spanish)) << souk.probe().dump();
  EXPECT_TRUE(souk.wait_until([](const nlohmann::json& p) { return shown_contains(p, "shirts"); },
                              std::chrono::seconds(60)))
      << "the message reads in English: " << souk.probe().dump();
  // The tag says in words what happened.
  EXPECT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    for (const auto& [name, value] : p["values"].items()) {
      if (name.ends_with(".note")) return value.get<std::string>() == "Translated from Spanish";
    }
    return false;
  })) << souk.probe().dump();
  shot("translated");

  // The original is never hidden for good.
  souk.click("message.toggle_original");
  EXPECT_TRUE(souk.wait_for_value("chat.last_shown", spanish)) << souk.probe().dump();
  shot("original");
}

}  // namespace
}  // namespace souk::test
