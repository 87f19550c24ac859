#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "server/translate/apertium_pipeline.hpp"
#include "server/translate/translator.hpp"

namespace souk::translate {

struct ApertiumOptions {
  std::filesystem::path modes_dir = "/usr/share/apertium/modes";
  std::chrono::milliseconds timeout{10'000};  // per text sent down a pipeline
};

// Debian's Apertium, offline. The pairs are the installed `xxx-yyy.mode` files; each
// direction is one long-running null-flush pipeline, started on first use and serving
// one text at a time (directions run in parallel).
class ApertiumEngine final : public Translator {
 public:
  explicit ApertiumEngine(ApertiumOptions options);

  std::string engine() const override { return "apertium"; }
  std::vector<LanguagePair> pairs() override;
  Result<std::string> translate(std::string_view text, const std::string& from,
                                const std::string& to) override;

 private:
  struct Direction {
    std::mutex mu;  // one text at a time through the pipeline
    std::unique_ptr<ApertiumPipeline> pipeline;
    std::filesystem::path mode_file;
  };

  ApertiumOptions options_;
  std::map<LanguagePair, std::unique_ptr<Direction>> directions_;  // fixed after construction
};

}  // namespace souk::translate
