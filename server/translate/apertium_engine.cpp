#include "server/translate/apertium_engine.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "server/translate/language_codes.hpp"

namespace souk::translate {

ApertiumEngine::ApertiumEngine(ApertiumOptions options) : options_(std::move(options)) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(options_.modes_dir, ec)) {
    if (entry.path().extension() != ".mode") continue;
    // Translation modes are named source-target; variants ("spa-eng_US") and debugging
    // modes ("eng-spa-tagger") are left out.
    const std::string stem = entry.path().stem().string();
    const auto dash = stem.find('-');
    if (dash == std::string::npos || stem.find('-', dash + 1) != std::string::npos) continue;
    if (stem.find('_') != std::string::npos) continue;
    const std::string from = normalize_lang(stem.substr(0, dash));
    const std::string to = normalize_lang(stem.substr(dash + 1));
    if (from.empty() || to.empty()) continue;
    auto direction = std::make_unique<Direction>();
    direction->mode_file = entry.path();
    directions_.emplace(LanguagePair{from, to}, std::move(direction));
  }
  if (ec) spdlog::warn("apertium: cannot read {}: {}", options_.modes_dir.string(), ec.message());
  spdlog::info("apertium: pairs {}", describe_pairs(pairs()));
}

std::vector<LanguagePair> ApertiumEngine::pairs() {
  std::vector<LanguagePair> out;
  for (const auto& [pair, direction] : directions_) out.push_back(pair);
  return out;
}

Result<std::string> ApertiumEngine::translate(std::string_view text, const std::string& from,
                                              const std::string& to) {
  auto it = directions_.find({from, to});
  if (it == directions_.end()) return no_such_pair(from, to, pairs());
  Direction& d = *it->second;
  std::lock_guard lock(d.mu);
  if (!d.pipeline) {
    std::ifstream in(d.mode_file);
    std::stringstream mode;
    mode << in.rdbuf();
    if (!in) {
      spdlog::error("apertium: cannot read {}", d.mode_file.string());
      return Status{Code::kUnavailable, "the " + d.mode_file.stem().string() +
                                            " translation pair is not installed properly"};
    }
    d.pipeline = std::make_unique<ApertiumPipeline>(d.mode_file.stem().string(),
                                                    null_flush_command(mode.str()));
  }
  return d.pipeline->translate(text, options_.timeout);
}

}  // namespace souk::translate
