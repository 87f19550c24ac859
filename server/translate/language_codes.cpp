#include "server/translate/language_codes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace souk::translate {

namespace {

// The languages of Debian's Apertium pairs and of LibreTranslate, ISO 639-1 to 639-3.
// A code not listed keeps whatever form it came in.
constexpr std::array<std::pair<std::string_view, std::string_view>, 48> kCodes = {{
    {"af", "afr"}, {"an", "arg"}, {"ar", "ara"}, {"ast", "ast"}, {"be", "bel"}, {"bg", "bul"},
    {"br", "bre"}, {"ca", "cat"}, {"cs", "ces"}, {"cy", "cym"},  {"da", "dan"}, {"de", "deu"},
    {"el", "ell"}, {"en", "eng"}, {"eo", "epo"}, {"es", "spa"},  {"et", "est"}, {"eu", "eus"},
    {"fa", "fas"}, {"fi", "fin"}, {"fr", "fra"}, {"ga", "gle"},  {"gl", "glg"}, {"he", "heb"},
    {"hi", "hin"}, {"hr", "hrv"}, {"hu", "hun"}, {"id", "ind"},  {"is", "isl"}, {"it", "ita"},
    {"ja", "jpn"}, {"kk", "kaz"}, {"ko", "kor"}, {"mk", "mkd"},  {"mt", "mlt"}, {"nb", "nob"},
    {"nl", "nld"}, {"nn", "nno"}, {"oc", "oci"}, {"pl", "pol"},  {"pt", "por"}, {"ro", "ron"},
    {"ru", "rus"}, {"sv", "swe"}, {"tr", "tur"}, {"uk", "ukr"},  {"ur", "urd"}, {"zh", "zho"},
}};

bool all_alpha(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalpha(c) != 0; });
}

}  // namespace

std::string normalize_lang(std::string_view tag) {
  const auto cut = tag.find_first_of("-_");
  std::string primary(tag.substr(0, cut));
  if (primary.size() < 2 || primary.size() > 3 || !all_alpha(primary)) return "";
  for (auto& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [two, three] : kCodes) {
    if (primary == three) primary = two;
  }
  if (cut == std::string_view::npos) return primary;
  std::string region(tag.substr(cut + 1));
  if (region.size() < 2 || region.size() > 8 || !all_alpha(region)) return "";
  for (auto& c : region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return primary + "-" + region;
}

std::string to_iso639_3(std::string_view normalized) {
  const auto cut = normalized.find('-');
  const std::string_view primary = normalized.substr(0, cut);
  for (const auto& [two, three] : kCodes) {
    if (primary == two) return std::string(three);
  }
  return std::string(primary);
}

}  // namespace souk::translate
