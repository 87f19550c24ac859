#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "server/translate/translator.hpp"

namespace souk::translate {

struct HttpEngineOptions {
  // "libretranslate": POST /translate (JSON), GET /languages.
  // "apy": Apertium's APY, POST /translate (langpair=xxx|yyy&q=...), GET /listPairs.
  std::string flavor = "libretranslate";
  std::string base_url;  // e.g. http://127.0.0.1:5000
  std::string api_key;   // LibreTranslate's api_key; empty: none
  std::chrono::milliseconds timeout{10'000};
  // How long the list of pairs is trusted before it is asked for again.
  std::chrono::seconds pairs_ttl{300};
};

// A translation server reached over HTTP (libcurl), one request per text.
class HttpEngine final : public Translator {
 public:
  explicit HttpEngine(HttpEngineOptions options);

  std::string engine() const override { return options_.flavor; }
  std::vector<LanguagePair> pairs() override;
  Result<std::string> translate(std::string_view text, const std::string& from,
                                const std::string& to) override;

 private:
  struct Reply {
    long http_status = 0;
    std::string body;
  };
  // `form` non-empty: POST with that body and content type.
  Result<Reply> request(const std::string& path, const std::string& content_type,
                        const std::string& form);
  Result<std::vector<LanguagePair>> fetch_pairs();
  std::string escape(std::string_view s) const;

  HttpEngineOptions options_;
  std::mutex mu_;
  std::vector<LanguagePair> pairs_;
  std::chrono::steady_clock::time_point pairs_fetched_{};
};

}  // namespace souk::translate
