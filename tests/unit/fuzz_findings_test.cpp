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
#include "fuzz/uploader_account.hpp"
#include "server/domain/files.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/sqlite.hpp"
#include "server/storage/writer.hpp"
#include "server/translate/text_splitter.hpp"
#include "tools/process/temp_dir.hpp"

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

// A stream's answer to its header came while the task that produced it still held the
// upload, so a client that dropped the stream and opened it again at once (as it does after
// a chunk is refused) was told the upload "is being sent on another connection".
TEST(FuzzFindings, AnOpenedUploadIsFreeOnceItsStreamLetsGo) {
  test::TempDir dir;
  boost::asio::thread_pool pool(2);
  storage::Writer writer(dir / "souk.db", "OFF");
  storage::ReaderPool readers(dir / "souk.db", 2, std::chrono::seconds(10));
  SystemClock clock;
  domain::FileSettings settings;
  settings.disk_free_floor_bytes = 0;
  domain::Files files(writer, readers, clock, pool, dir.path(), settings);
  const auto uploader = fuzz::create_uploader(writer);
  ASSERT_TRUE(uploader.has_value());
  const domain::Session who = *uploader;
  const domain::UploadRequest header{"u1", "note.txt", 5, "text/plain", sha256("hello"), 0};

  std::promise<Status> reopened;
  files.open_upload(who, header, [&](Result<std::shared_ptr<domain::Upload>> first) {
    if (!first) return reopened.set_value(first.status());
    first->reset();  // the stream ends here, before anything was sent
    files.open_upload(who, header, [&](Result<std::shared_ptr<domain::Upload>> again) {
      const Status status = again ? Status::Ok() : again.status();
      // Let go of the upload before the answer: its release touches `files`, which the
      // test destroys once it has the answer.
      if (again) again->reset();
      reopened.set_value(status);
    });
  });
  auto answer = reopened.get_future();
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  const Status s = answer.get();
  EXPECT_TRUE(s.ok()) << s.message();
}

// The local cache's event cursor was read with std::stoll: a file whose cursor was not a
// number (damaged, or from another program) threw std::invalid_argument, which nothing in
// the client catches, so the client ended at every start.
TEST(FuzzFindings, AnUnreadableCursorStartsTheStreamFromTheBeginning) {
  test::TempDir dir;
  const auto file = dir / "buyer.anna@127.0.0.1_50051.sqlite";
  ASSERT_TRUE(client::LocalCache::open(file));
  {
    storage::Database db(file, storage::Database::Mode::kReadWrite);
    db.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', x'00ff')");
  }
  auto cache = client::LocalCache::open(file);
  ASSERT_TRUE(cache);
  EXPECT_EQ((*cache)->last_seq(), 0);
}

// A message the server sent without a seq was filed among the committed ones and taken
// for the start of the outbox, so every replay of the next message added another copy;
// one without a conversation was filed under its sender, and its replay under "#0".
TEST(FuzzFindings, AMessageWithoutASeqOrConversationDoesNotLetReplaysInTwice) {
  client::Store store;
  store.me.member_id = "buyer.anna";
  v1::SubscribeResponse batch;
  auto* unplaced = batch.add_events()->mutable_message();
  unplaced->set_id(7);
  unplaced->set_sender("buyer.anna");
  unplaced->set_client_msg_id("c2");
  unplaced->set_text("Do you have it in M?");
  auto* hello = batch.add_events()->mutable_message();
  hello->set_id(11);
  hello->set_conversation_id(3);
  hello->set_seq(1);
  hello->set_sender("seller.li");
  hello->set_text("Hello Anna");
  hello->set_conversation_kind(v1::Conversation::KIND_DIRECT);
  hello->set_recipient("buyer.anna");
  auto* homeless = batch.add_events()->mutable_message();
  homeless->set_id(12);
  homeless->set_seq(2);
  homeless->set_sender("buyer.anna");
  homeless->set_client_msg_id("c3");
  homeless->set_text("Size M, please");
  homeless->set_conversation_kind(v1::Conversation::KIND_DIRECT);
  homeless->set_recipient("seller.li");
  client::apply_events(store, batch);
  client::apply_events(store, batch);
  ASSERT_EQ(store.chats.size(), 1u);
  ASSERT_EQ(store.chats.count(client::ChatKey::direct("seller.li")), 1u);
  const auto& messages = store.chats.at(client::ChatKey::direct("seller.li")).messages;
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].seq, 1);
  EXPECT_EQ(store.chats.at(client::ChatKey::direct("seller.li")).unread, 1);
}

}  // namespace
}  // namespace souk
