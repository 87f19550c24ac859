#include "server/translate/http_replies.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "server/translate/language_codes.hpp"

namespace souk::translate {

namespace {

using nlohmann::json;

Status unavailable(std::string m) {
  return {Code::kUnavailable, std::move(m)};
}

void sort_unique(std::vector<LanguagePair>& pairs) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
}

}  // namespace

std::string server_error_text(const std::string& body) {
  const auto j = json::parse(body, nullptr, false);
  if (j.is_object()) {
    for (const char* key : {"error", "explanation", "message"}) {
      if (j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
    }
  }
  return body.substr(0, 200);
}

Result<std::vector<LanguagePair>> parse_pairs_reply(const std::string& flavor,
                                                    const std::string& body) {
  const bool apy = flavor == "apy";
  const auto j = json::parse(body, nullptr, false);
  std::vector<LanguagePair> out;
  auto add = [&](const json& from, const json& to) {
    if (!from.is_string() || !to.is_string()) return;
    const auto f = from.get<std::string>();
    const auto t = to.get<std::string>();
    // Variants such as eng_US are left out, as for the embedded engine.
    if (f.find('_') != std::string::npos || t.find('_') != std::string::npos) return;
    const auto nf = normalize_lang(f);
    const auto nt = normalize_lang(t);
    if (!nf.empty() && !nt.empty() && nf != nt) out.push_back({nf, nt});
  };
  if (apy && j.is_object() && j.contains("responseData") && j["responseData"].is_array()) {
    for (const auto& p : j["responseData"]) {
      if (p.is_object()) add(p.value("sourceLanguage", json()), p.value("targetLanguage", json()));
    }
  } else if (!apy && j.is_array()) {
    for (const auto& lang : j) {
      if (!lang.is_object() || !lang.contains("targets") || !lang["targets"].is_array()) continue;
      for (const auto& target : lang["targets"]) add(lang.value("code", json()), target);
    }
  } else {
    return unavailable(flavor + " sent a list of languages Souk cannot read");
  }
  sort_unique(out);
  return out;
}

Result<std::string> parse_translation_reply(const std::string& flavor, const std::string& body) {
  const bool apy = flavor == "apy";
  const auto j = json::parse(body, nullptr, false);
  if (apy && j.is_object() && j.contains("responseData") && j["responseData"].is_object() &&
      j["responseData"].contains("translatedText") &&
      j["responseData"]["translatedText"].is_string()) {
    return j["responseData"]["translatedText"].get<std::string>();
  }
  if (!apy && j.is_object() && j.contains("translatedText") && j["translatedText"].is_string()) {
    return j["translatedText"].get<std::string>();
  }
  return unavailable(flavor + " sent an answer Souk cannot read");
}

}  // namespace souk::translate
