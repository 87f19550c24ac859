// How the window cuts message text and the composer's draft into lines: with Dear ImGui's
// own default font, so widths are real glyph advances.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "client/ui/draft_wrap.hpp"
#include "client/ui/text_wrap.hpp"

namespace souk::ui {
namespace {

class TextWrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    font_ = ImGui::GetIO().Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  void TearDown() override { ImGui::DestroyContext(); }

  float width_of(std::string_view s) const {
    return font_->CalcTextSizeA(font_->FontSize, 1e9f, 0, s.data(), s.data() + s.size()).x;
  }

  // Lines and what lies between them (the blanks a wrap skips, line breaks) make up the
  // whole text again, in order.
  void expect_covers(const WrappedText& lines, std::string_view text) {
    size_t pos = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      const auto& l = lines.line(i);
      ASSERT_GE(l.begin, pos) << "line " << i;
      for (size_t j = pos; j < l.begin; ++j) {
        ASSERT_TRUE(text[j] == ' ' || text[j] == '\n' || text[j] == '\t') << "line " << i;
      }
      pos = l.end;
    }
    EXPECT_EQ(text.substr(pos).find_first_not_of(" \n\t"), std::string_view::npos);
  }

  ImFont* font_ = nullptr;
};

std::string words(size_t bytes) {
  const std::string sample =
      "The quick brown fox jumps over the lazy dog; zażółć gęślą jaźń, 你好世界 ";
  std::string out;
  while (out.size() < bytes) out += sample;
  return out;
}

TEST_F(TextWrapTest, EveryLineFitsAndTogetherTheyAreTheWholeText) {
  const std::string text = words(20000) + "\n\nlast line\n";
  WrappedText lines;
  ASSERT_TRUE(lines.extend(text, *font_, font_->FontSize, 300, text.size()));
  ASSERT_GT(lines.size(), 40u);
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines.line(i);
    EXPECT_LE(width_of(std::string_view(text).substr(l.begin, l.end - l.begin)), 300.5f)
        << "line " << i;
  }
  expect_covers(lines, text);
  // The empty line between the paragraphs, the last one, and the one after the final break.
  const auto& last = lines.line(lines.size() - 2);
  EXPECT_EQ(text.substr(last.begin, last.end - last.begin), "last line");
  EXPECT_EQ(lines.line(lines.size() - 1).begin, text.size());
}

TEST_F(TextWrapTest, SlicesGiveTheSameLinesAsOneGo) {
  const std::string text = words(100000);
  WrappedText whole, sliced;
  whole.extend(text, *font_, font_->FontSize, 250, text.size());
  int calls = 0;
  while (!sliced.extend(text, *font_, font_->FontSize, 250, 4096)) ++calls;
  EXPECT_GT(calls, 10) << "a slice stops near its budget";
  ASSERT_EQ(sliced.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(sliced.line(i).begin, whole.line(i).begin);
    EXPECT_EQ(sliced.line(i).end, whole.line(i).end);
  }
}

TEST_F(TextWrapTest, AWordWiderThanTheLineIsCutOnCharacterBoundaries) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "ż";  // no blank anywhere: two bytes a letter
  WrappedText lines;
  lines.extend(text, *font_, font_->FontSize, 100, text.size());
  ASSERT_GT(lines.size(), 10u);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines.line(i).begin % 2, 0u) << "line " << i << " starts inside a letter";
    EXPECT_GT(lines.line(i).end, lines.line(i).begin);
  }
  expect_covers(lines, text);
}

TEST_F(TextWrapTest, ANewTextOrWidthStartsOver) {
  std::string text = words(3000);
  WrappedText lines;
  lines.extend(text, *font_, font_->FontSize, 300, text.size());
  const size_t at300 = lines.size();
  lines.extend(text, *font_, font_->FontSize, 150, text.size());
  const size_t at150 = lines.size();
  EXPECT_GT(at150, at300 * 3 / 2);
  const std::string shorter = text.substr(0, 100);
  lines.extend(shorter, *font_, font_->FontSize, 150, shorter.size());
  EXPECT_LT(lines.size(), at150 / 10);
  EXPECT_EQ(lines.laid_out_bytes(), shorter.size());
}

class DraftWrapTest : public TextWrapTest {
 protected:
  DraftWrap::LineBreaks breaks(float width) const {
    return [font = font_, width](std::string_view text) {
      return soft_line_starts(text, *font, font->FontSize, width);
    };
  }
};

TEST_F(DraftWrapTest, SoftBreaksAreShownButNeverPartOfTheDraft) {
  DraftWrap d;
  const std::string text = words(600) + "\nand a second paragraph";
  d.set_text(text, breaks(200));
  EXPECT_EQ(d.text(), text);
  EXPECT_GT(d.lines(), 5u);
  EXPECT_EQ(d.shown().size(), text.size() + d.lines() - 2) << "one '\\n' per soft break";
  EXPECT_EQ(d.text_between(0, d.shown().size()), text);
}

TEST_F(DraftWrapTest, TypingAnywhereKeepsTheDraftExact) {
  DraftWrap d;
  std::string text = words(400);
  d.set_text(text, breaks(180));
  // Type "XYZ" in the middle of the third shown line, as ImGui would edit its buffer.
  const size_t third = d.shown().find('\n', d.shown().find('\n') + 1) + 3;
  std::string now = d.shown();
  now.insert(third, "XYZ");
  const size_t in_text = d.text_between(0, third).size();
  const auto cursor =
      d.edited(now, {third + 3, third + 3, third + 3}, DraftWrap::Key::kOther, breaks(180));
  text.insert(in_text, "XYZ");
  EXPECT_EQ(d.text(), text);
  EXPECT_EQ(d.text_between(0, cursor.pos), text.substr(0, in_text + 3))
      << "the cursor stays right after what was typed";
}

TEST_F(DraftWrapTest, BackspaceOrDeleteOnASoftBreakTakesTheNeighbouringCharacter) {
  DraftWrap d;
  const std::string text = words(300);
  d.set_text(text, breaks(200));
  const size_t soft = d.shown().find('\n');
  ASSERT_NE(soft, std::string::npos);
  const size_t in_text = d.text_between(0, soft).size();
  std::string now = d.shown();
  now.erase(soft, 1);  // Backspace at the start of the second line
  d.edited(now, {soft, soft, soft}, DraftWrap::Key::kBackspace, breaks(200));
  std::string expected = text;
  expected.erase(in_text - 1, 1);
  EXPECT_EQ(d.text(), expected);

  d.set_text(text, breaks(200));
  now = d.shown();
  now.erase(soft, 1);  // Delete at the end of the first line
  d.edited(now, {soft, soft, soft}, DraftWrap::Key::kDelete, breaks(200));
  expected = text;
  expected.erase(in_text, 1);
  EXPECT_EQ(d.text(), expected);
}

TEST_F(DraftWrapTest, PastingAndCuttingAcrossLinesKeepsTheRest) {
  DraftWrap d;
  const std::string text = words(500);
  d.set_text(text, breaks(160));
  // Cut from the middle of line 1 to the middle of line 3, then paste a long text there.
  const size_t a = 5, b = d.shown().find('\n', d.shown().find('\n') + 1) + 4;
  const std::string cut = d.text_between(a, b);
  std::string now = d.shown();
  now.erase(a, b - a);
  d.edited(now, {a, a, a}, DraftWrap::Key::kOther, breaks(160));
  EXPECT_EQ(d.text(), text.substr(0, a) + text.substr(a + cut.size()));
  const std::string pasted = words(300);
  now = d.shown();
  now.insert(a, pasted);
  d.edited(now, {a + pasted.size(), a, a}, DraftWrap::Key::kOther, breaks(160));
  EXPECT_EQ(d.text(), text.substr(0, a) + pasted + text.substr(a + cut.size()));
}

TEST_F(DraftWrapTest, ANarrowerComposerWrapsTheSameDraftIntoMoreLines) {
  DraftWrap d;
  const std::string text = words(500);
  d.set_text(text, breaks(300));
  const size_t wide = d.lines();
  const auto cursor = d.rewrap(breaks(120), {10, 10, 10});
  EXPECT_EQ(d.text(), text);
  EXPECT_GT(d.lines(), wide * 2);
  EXPECT_EQ(d.text_between(0, cursor.pos), text.substr(0, 10));
}

}  // namespace
}  // namespace souk::ui
