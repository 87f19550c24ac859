#include "server/translate/cached_translator.hpp"

#include "common/crypto.hpp"
#include "server/storage/translation_repository.hpp"
#include "server/translate/text_splitter.hpp"

namespace souk::translate {

CachedTranslator::CachedTranslator(Translator& engine, storage::Writer& writer,
                                   storage::ReaderPool& readers, const Clock& clock,
                                   size_t chunk_bytes)
    : engine_(engine),
      writer_(writer),
      readers_(readers),
      clock_(clock),
      chunk_bytes_(chunk_bytes) {}

Result<Translated> CachedTranslator::translate(std::string_view text, const std::string& from,
                                               const std::string& to) {
  const std::string hash = sha256(text);
  const std::string engine = engine_.engine();
  auto hit = readers_.with([&](storage::Database& db) {
    return storage::cached_translation(db, hash, from, to, engine);
  });
  if (hit) return Translated{std::move(*hit), true};

  const Key key{hash, from, to};
  std::shared_ptr<Flight> flight;
  bool mine = false;
  {
    std::unique_lock lock(mu_);
    auto [it, fresh] = in_flight_.try_emplace(key, nullptr);
    if (fresh) {
      it->second = std::make_shared<Flight>();
      mine = true;
    }
    flight = it->second;
    if (!mine) {
      landed_.wait(lock, [&] { return flight->done; });
      if (!flight->result->ok()) return flight->result->status();
      return Translated{flight->result->value(), true};
    }
  }

  auto result = translate_in_pieces(text, from, to);
  if (result) {
    // Committed before the flight lands, so a later caller finds it in SQLite.
    auto stored = writer_.submit([&, now = clock_.now_ms()](storage::Database& db) {
      storage::put_cached_translation(db, hash, from, to, engine, *result, now);
      return Status::Ok();
    });
    (void)stored.get();  // a cache that failed to store is only a later miss
  }
  {
    std::lock_guard lock(mu_);
    flight->result = result;
    flight->done = true;
    in_flight_.erase(key);
  }
  landed_.notify_all();
  if (!result) return result.status();
  return Translated{std::move(*result), false};
}

Result<std::string> CachedTranslator::translate_in_pieces(std::string_view text,
                                                          const std::string& from,
                                                          const std::string& to) {
  ++engine_calls_;
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const auto piece : split_for_translation(text, chunk_bytes_)) {
    auto translated = engine_.translate(piece, from, to);
    if (!translated) return translated.status();
    out += *translated;
  }
  return out;
}

}  // namespace souk::translate
