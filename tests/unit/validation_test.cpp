#include "common/validation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace souk {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string repeat(std::string_view unit, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += unit;
  return out;
}

// "ż" is two bytes, "€" three, "😀" four: each one code point.
constexpr std::string_view kTwoByte = "\xC5\xBC";
constexpr std::string_view kThreeByte = "\xE2\x82\xAC";
constexpr std::string_view kFourByte = "\xF0\x9F\x98\x80";

TEST(Utf8Test, AcceptsAsciiAndMultibyteSequences) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8(kTwoByte));
  EXPECT_TRUE(is_valid_utf8(kThreeByte));
  EXPECT_TRUE(is_valid_utf8(kFourByte));
  EXPECT_TRUE(
      is_valid_utf8("Zo\xC5\xBC"
                    "a "
                    "\xF0\x9F\x98\x80"
                    " \xE2\x82\xAC"));
  // The largest code point there is, U+10FFFF.
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));
  // Sequences that end exactly at the end of the string.
  EXPECT_TRUE(is_valid_utf8(std::string("a") + std::string(kFourByte)));
}

TEST(Utf8Test, RejectsLoneContinuationByte) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(
      is_valid_utf8("ab\xBF"
                    "cd"));
}

TEST(Utf8Test, RejectsTruncatedSequenceAtEnd) {
  EXPECT_FALSE(is_valid_utf8("\xC5"));
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x82"));
  EXPECT_FALSE(is_valid_utf8("abc\xF0\x9F\x98"));
}

TEST(Utf8Test, RejectsSequenceInterruptedByNonContinuation) {
  EXPECT_FALSE(
      is_valid_utf8("\xE2"
                    "a"
                    "\xAC"));
  EXPECT_FALSE(
      is_valid_utf8("\xC5"
                    "b"));
}

TEST(Utf8Test, RejectsOverlongEncodings) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));          // U+007F in two bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
}

TEST(Utf8Test, RejectsSurrogates) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));  // U+DFFF
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));   // U+D7FF, just below
}

TEST(Utf8Test, RejectsCodePointsBeyondUnicode) {
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xF7\xBF\xBF\xBF"));
}

TEST(Utf8Test, RejectsBytesThatNeverAppear) {
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("ok\xFE"));
  EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));  // five-byte form
}

TEST(Utf8Test, LengthCountsCodePoints) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length(kTwoByte), 1u);
  EXPECT_EQ(utf8_length(kThreeByte), 1u);
  EXPECT_EQ(utf8_length(kFourByte), 1u);
  EXPECT_EQ(utf8_length(repeat(kTwoByte, 64)), 64u);
  EXPECT_EQ(utf8_length("a" + std::string(kFourByte) + "b"), 3u);
}

TEST(MemberIdTest, FoldLowersAsciiOnly) {
  EXPECT_EQ(fold_member_id("Alice.Smith_01-X"), "alice.smith_01-x");
  EXPECT_EQ(fold_member_id("already"), "already");
  // Non-ASCII bytes pass through untouched (and are then rejected by validation).
  EXPECT_EQ(fold_member_id("\xC5\xBB"), "\xC5\xBB");
}

TEST(MemberIdTest, LengthLimits) {
  EXPECT_EQ(validate_member_id("ab").code(), Code::kInvalidArgument);
  EXPECT_PRED2(contains, validate_member_id("ab").message(), "member ID");
  EXPECT_TRUE(validate_member_id("abc").ok());
  EXPECT_TRUE(validate_member_id(std::string(32, 'a')).ok());
  const Status too_long = validate_member_id(std::string(33, 'a'));
  EXPECT_EQ(too_long.code(), Code::kInvalidArgument);
  EXPECT_PRED2(contains, too_long.message(), "member ID");
  EXPECT_EQ(validate_member_id("").code(), Code::kInvalidArgument);
}

TEST(MemberIdTest, AllowedCharacters) {
  EXPECT_TRUE(validate_member_id("abcdefghijklmnopqrstuvwxyz").ok());
  EXPECT_TRUE(validate_member_id("0123456789").ok());
  EXPECT_TRUE(validate_member_id("a.b_c-d").ok());
  EXPECT_TRUE(validate_member_id("...").ok());
}

TEST(MemberIdTest, RejectsUppercaseSpacesAndOtherCharacters) {
  for (const std::string& id :
       std::vector<std::string>{"Alice", "ali ce", "alice@example", "al/ice", "al+ice",
                                "al\xC5\xBC"
                                "e"}) {
    const Status s = validate_member_id(id);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << id;
    EXPECT_PRED2(contains, s.message(), "member ID") << id;
  }
  // Folding first makes the uppercase form acceptable.
  EXPECT_TRUE(validate_member_id(fold_member_id("Alice")).ok());
}

TEST(DisplayNameTest, EmptyIsRejected) {
  const Status s = validate_display_name("");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_PRED2(contains, s.message(), "display name");
}

TEST(DisplayNameTest, LimitCountsCharactersNotBytes) {
  // 64 two-byte characters: 128 bytes, still within the 64-character limit.
  EXPECT_TRUE(validate_display_name(repeat(kTwoByte, 64)).ok());
  EXPECT_TRUE(validate_display_name(repeat(kFourByte, 64)).ok());
  const Status s = validate_display_name(repeat(kTwoByte, 65));
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_PRED2(contains, s.message(), "display name");
  EXPECT_PRED2(contains, s.message(), "64");
  EXPECT_TRUE(validate_display_name(std::string(64, 'x')).ok());
  EXPECT_EQ(validate_display_name(std::string(65, 'x')).code(), Code::kInvalidArgument);
}

TEST(DisplayNameTest, RejectsControlCharacters) {
  for (const std::string& name :
       std::vector<std::string>{std::string("Ali\nce"), std::string("tab\there"),
                                std::string("del\x7F"), std::string("c1 \xC2\x85 next"),
                                std::string("c1 \xC2\x9F"), std::string(1, '\0') + "x"}) {
    const Status s = validate_display_name(name);
    EXPECT_EQ(s.code(), Code::kInvalidArgument);
    EXPECT_PRED2(contains, s.message(), "display name");
  }
  // U+00A0 (no-break space, "\xC2\xA0") is just past the C1 block and allowed.
  EXPECT_TRUE(validate_display_name("a\xC2\xA0"
                                    "b")
                  .ok());
}

TEST(DisplayNameTest, RejectsInvalidUtf8) {
  const Status s = validate_display_name("bad \xFF name");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_PRED2(contains, s.message(), "display name");
  EXPECT_PRED2(contains, s.message(), "UTF-8");
}

TEST(DisplayNameTest, AcceptsOrdinaryNames) {
  EXPECT_TRUE(validate_display_name("Zo\xC5\xBC"
                                    "a Kowalska "
                                    "\xF0\x9F\x98\x80")
                  .ok());
  EXPECT_TRUE(validate_display_name("x").ok());
}

TEST(ShopNameTest, SameRulesWithItsOwnFieldName) {
  EXPECT_TRUE(validate_shop_name("Spice House").ok());
  EXPECT_TRUE(validate_shop_name(repeat(kTwoByte, 64)).ok());
  for (const std::string& name : std::vector<std::string>{
           std::string(), repeat(kTwoByte, 65), std::string("a\nb"), std::string("\xC0\xAF")}) {
    const Status s = validate_shop_name(name);
    EXPECT_EQ(s.code(), Code::kInvalidArgument);
    EXPECT_PRED2(contains, s.message(), "shop name");
  }
}

TEST(PasswordTest, MinimumIsEightCodePoints) {
  const Status short_one = validate_password("1234567");
  EXPECT_EQ(short_one.code(), Code::kInvalidArgument);
  EXPECT_PRED2(contains, short_one.message(), "password");
  EXPECT_PRED2(contains, short_one.message(), "8");
  EXPECT_TRUE(validate_password("12345678").ok());
}

TEST(PasswordTest, MultibyteCharactersCountAsOne) {
  // 7 characters in 14 bytes: too short even though it has more than 8 bytes.
  EXPECT_EQ(validate_password(repeat(kTwoByte, 7)).code(), Code::kInvalidArgument);
  EXPECT_TRUE(validate_password(repeat(kTwoByte, 8)).ok());
  EXPECT_EQ(validate_password(repeat(kFourByte, 7)).code(), Code::kInvalidArgument);
  EXPECT_TRUE(validate_password(repeat(kFourByte, 8)).ok());
}

TEST(PasswordTest, ByteLimit) {
  EXPECT_TRUE(validate_password(std::string(1024, 'p')).ok());
  const Status s = validate_password(std::string(1025, 'p'));
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_PRED2(contains, s.message(), "password");
  EXPECT_PRED2(contains, s.message(), "1024");
  // The limit is in bytes: 513 two-byte characters are 1026 bytes.
  EXPECT_EQ(validate_password(repeat(kTwoByte, 513)).code(), Code::kInvalidArgument);
}

TEST(PasswordTest, RejectsInvalidUtf8) {
  const Status s = validate_password("password\xFF");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_PRED2(contains, s.message(), "password");
}

}  // namespace
}  // namespace souk
