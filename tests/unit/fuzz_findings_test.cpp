// Inputs the fuzz targets (fuzz/) found to break a promise, kept as plain tests so the
// ASan build catches a regression without clang. Each input is also in the target's seeds.
#include <gtest/gtest.h>

#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <string_view>

#include "client/core/local_cache.hpp"
#include "client/core/store.hpp"
#include "client/core/store_updates.hpp"
#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "common/validation.hpp"
#include "server/domain/files.hpp"
#include "server/storage/account_repository.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/sqlite.hpp"
#include "server/storage/writer.hpp"
#include "server/translate/text_splitter.hpp"
#include "support/temp_dir.hpp"

namespace souk {
namespace {

// An ideographic full stop (3 bytes) that ends one byte past the limit was taken as the
// place to cut, and the cut, clamped to the limit, fell inside it: the engine got two
// halves of a character.
TEST(FuzzFindings, SplitterNeverCutsInsideAMultiByteSentenceEnd) {
  for (const std::string_view end : {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"}) {
    for (size_t before = 0; before < 12; ++before) {
      const std::string text =
          std::string(before, 'a') + std::string(end) + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
      std::string joined;
      for (const auto piece : translate::split_for_translation(text, 8)) {
        EXPECT_TRUE(is_valid_utf8(piece)) << "a piece of " << before << " + end: " << piece;
        EXPECT_LE(piece.size(), 8u);
        joined += piece;
      }
      EXPECT_EQ(joined, text);
    }
  }
}

}  // namespace
}  // namespace souk
