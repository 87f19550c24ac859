#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.hpp"

namespace souk::translate {

// Both sides are normalized language tags (see language_codes.hpp).
struct LanguagePair {
  std::string from;
  std::string to;
  auto operator<=>(const LanguagePair&) const = default;
};

// A machine translation engine. Calls block until the engine answered or gave up, so they
// run on the translation pool, never on gRPC or delivery threads.
class Translator {
 public:
  virtual ~Translator() = default;

  // Names the engine in the cache key and in what users see: "apertium", "apy", ...
  virtual std::string engine() const = 0;
  // What the engine offers now, sorted.
  virtual std::vector<LanguagePair> pairs() = 0;
  // UNAVAILABLE when the engine failed or timed out (worth retrying later);
  // FAILED_PRECONDITION when it has no such pair.
  virtual Result<std::string> translate(std::string_view text, const std::string& from,
                                        const std::string& to) = 0;
};

// The engine's pair for from -> to: the exact tags, else the same primary languages
// ("en-US" is served by an "en" pair).
std::optional<LanguagePair> choose_pair(const std::vector<LanguagePair>& pairs,
                                        const std::string& from, const std::string& to);
// "en" for "en-US".
std::string primary_language(const std::string& tag);

// "en→es, es→en", or "none" -- for messages that tell a user what is available.
std::string describe_pairs(const std::vector<LanguagePair>& pairs);
Status no_such_pair(const std::string& from, const std::string& to,
                    const std::vector<LanguagePair>& available);

}  // namespace souk::translate
