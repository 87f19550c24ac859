#include "server/translate/translator.hpp"

namespace souk::translate {

std::string primary_language(const std::string& tag) {
  return tag.substr(0, tag.find('-'));
}

std::optional<LanguagePair> choose_pair(const std::vector<LanguagePair>& pairs,
                                        const std::string& from, const std::string& to) {
  for (const auto& p : pairs) {
    if (p.from == from && p.to == to) return p;
  }
  for (const auto& p : pairs) {
    if (primary_language(p.from) == primary_language(from) &&
        primary_language(p.to) == primary_language(to)) {
      return p;
    }
  }
  return std::nullopt;
}

std::string describe_pairs(const std::vector<LanguagePair>& pairs) {
  if (pairs.empty()) return "none";
  std::string out;
  for (const auto& p : pairs) {
    if (!out.empty()) out += ", ";
    out += p.from + "→" + p.to;
  }
  return out;
}

Status no_such_pair(const std::string& from, const std::string& to,
                    const std::vector<LanguagePair>& available) {
  return {Code::kFailedPrecondition, "no translation from '" + from + "' into '" + to +
                                         "'; available pairs: " + describe_pairs(available)};
}

}  // namespace souk::translate
