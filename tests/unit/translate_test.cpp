// The pieces of the translation engines that need no server: splitting long texts,
// language tags, Apertium's stream format and mode files, detection, and one real
// null-flush pipeline.
#include <gtest/gtest.h>
#include <signal.h>

#include "server/translate/apertium_engine.hpp"
#include "server/translate/apertium_pipeline.hpp"
#include "server/translate/language_codes.hpp"
#include "server/translate/language_detector.hpp"
#include "server/translate/text_splitter.hpp"

namespace souk::translate {
namespace {

std::string joined(const std::vector<std::string_view>& pieces) {
  std::string out;
  for (auto p : pieces) out += p;
  return out;
}

TEST(TextSplitter, PiecesAreSmallAndTogetherAreTheText) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Sentence number " + std::to_string(i) + " is here. ";
  const auto pieces = split_for_translation(text, 300);
  EXPECT_GT(pieces.size(), 10u);
  EXPECT_EQ(joined(pieces), text);
  for (auto p : pieces) {
    EXPECT_LE(p.size(), 300u);
    EXPECT_EQ(p.substr(p.size() - 2), ". ") << "cut inside a sentence: " << p;
  }
}

TEST(TextSplitter, PrefersParagraphsAndNeverSplitsACharacter) {
  const std::string text = "First paragraph, short.\n\nSecond one. It has two sentences.";
  const auto pieces = split_for_translation(text, 40);
  ASSERT_GE(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], "First paragraph, short.\n\n");
  EXPECT_EQ(joined(pieces), text);

  std::string spanish;
  for (int i = 0; i < 100; ++i) spanish += "ñ";  // two bytes each, no spaces
  const auto cut = split_for_translation(spanish, 15);
  EXPECT_EQ(joined(cut), spanish);
  for (auto p : cut) EXPECT_EQ(p.size() % 2, 0u);
}

TEST(LanguageCodes, NormalizesToTheShortForm) {
  EXPECT_EQ(normalize_lang("eng"), "en");
  EXPECT_EQ(normalize_lang("SPA"), "es");
  EXPECT_EQ(normalize_lang("pt_br"), "pt-BR");
  EXPECT_EQ(normalize_lang("es"), "es");
  EXPECT_EQ(normalize_lang("e$"), "");
  EXPECT_EQ(normalize_lang(""), "");
  EXPECT_EQ(to_iso639_3("es"), "spa");
  EXPECT_EQ(to_iso639_3("xx"), "xx");
}

TEST(ApertiumFormat, EscapesWhatTheStreamFormatReserves) {
  const std::string text = "Price: $5 [net] ^x^ a/b @home <ok> {x} back\\slash";
  const std::string escaped = escape_for_apertium(text);
  EXPECT_EQ(escaped,
            "Price: \\$5 \\[net\\] \\^x\\^ a\\/b \\@home \\<ok\\> \\{x\\} back\\\\slash\n");
  EXPECT_EQ(unescape_from_apertium(escaped), text);
  EXPECT_EQ(escape_for_apertium(std::string("a\0b", 3)), "a b\n");  // NUL separates texts
}

TEST(ApertiumFormat, ModeFileBecomesANullFlushCommand) {
  const std::string mode =
      "lt-proc '/p/eng-spa.automorf.bin' | apertium-tagger -g $2 '/p/eng-spa.prob' | "
      "apertium-pretransfer | lt-proc $1 '/p/eng-spa.autogen.bin'\n";
  EXPECT_EQ(null_flush_command(mode),
            "lt-proc -z '/p/eng-spa.automorf.bin' | apertium-tagger -z -g  '/p/eng-spa.prob' | "
            "apertium-pretransfer -z | lt-proc -z -n '/p/eng-spa.autogen.bin'");
}

TEST(LanguageDetector, TellsSpanishFromEnglish) {
  EXPECT_EQ(detect_language("¿Cuánto cuesta la camisa de algodón?"), "es");
  EXPECT_EQ(detect_language("How much does the cotton shirt cost?"), "en");
  EXPECT_EQ(detect_language("ok"), std::nullopt);
}

TEST(ApertiumEngine, ListsInstalledPairsAndSurvivesAKilledPipeline) {
  ApertiumEngine engine({"/usr/share/apertium/modes", std::chrono::seconds(30)});
  const auto pairs = engine.pairs();
  EXPECT_NE(std::find(pairs.begin(), pairs.end(), LanguagePair{"en", "es"}), pairs.end());
  EXPECT_NE(std::find(pairs.begin(), pairs.end(), LanguagePair{"es", "en"}), pairs.end());

  auto first = engine.translate("The house is big.", "en", "es");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(*first, "La casa es grande.");
  // The same pipeline serves the next text.
  auto second = engine.translate("The dog is small.", "en", "es");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, "El perro es pequeño.");

  auto none = engine.translate("Hallo", "de", "es");
  EXPECT_EQ(none.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(none.status().message().find("en→es"), std::string::npos);
}

TEST(ApertiumPipeline, IsStartedAgainAfterItDied) {
  ApertiumPipeline pipeline("eng-spa", "cat");  // the null-flush protocol, minus the linguistics
  auto first = pipeline.translate("one", std::chrono::seconds(10));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(*first, "one");
  const pid_t before = pipeline.pid();
  ASSERT_GT(before, 0);
  ::kill(-before, SIGKILL);
  auto second = pipeline.translate("two", std::chrono::seconds(10));
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(*second, "two");
  EXPECT_NE(pipeline.pid(), before);
  EXPECT_EQ(pipeline.starts(), 2);
}

}  // namespace
}  // namespace souk::translate
