#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "common/clock.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"
#include "server/translate/translator.hpp"

namespace souk::translate {

struct Translated {
  std::string text;
  bool cached = false;  // the engine was not asked
};

// The engine behind the SQLite cache, keyed by (SHA-256 of the text, source, target,
// engine): a text is translated once, however many people want it and however often.
// Two callers asking for the same text at the same time share one engine call. Long
// texts go to the engine in pieces of at most chunk_bytes.
class CachedTranslator {
 public:
  CachedTranslator(Translator& engine, storage::Writer& writer, storage::ReaderPool& readers,
                   const Clock& clock, size_t chunk_bytes);

  Translator& engine() { return engine_; }
  // Blocking, like the engine: call it on the translation pool.
  Result<Translated> translate(std::string_view text, const std::string& from,
                               const std::string& to);
  // Texts that went to the engine (not pieces); for tests and the benchmark.
  uint64_t engine_calls() const { return engine_calls_.load(); }

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // hash, from, to
  struct Flight {
    bool done = false;
    std::optional<Result<std::string>> result;
  };
  Result<std::string> translate_in_pieces(std::string_view text, const std::string& from,
                                          const std::string& to);

  Translator& engine_;
  storage::Writer& writer_;
  storage::ReaderPool& readers_;
  const Clock& clock_;
  const size_t chunk_bytes_;
  std::atomic<uint64_t> engine_calls_{0};

  std::mutex mu_;
  std::condition_variable landed_;
  std::map<Key, std::shared_ptr<Flight>> in_flight_;
};

}  // namespace souk::translate
