// The client's per-account SQLite cache, in a real file.
#include <gtest/gtest.h>

#include "client/core/local_cache.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk::client {
namespace {

std::unique_ptr<LocalCache> open_cache(const std::filesystem::path& file) {
  auto cache = LocalCache::open(file);
  EXPECT_TRUE(cache.ok()) << cache.status().message();
  return std::move(*cache);
}

TEST(LocalCache, BatchesMoveTheCursorAndSurviveReopening) {
  test::TempDir dir;
  const auto file = LocalCache::file_for(dir.path(), "127.0.0.1:50051", "anna");
  EXPECT_EQ(file.filename(), "anna@127.0.0.1_50051.sqlite");
  {
    auto cache = open_cache(file);
    v1::SubscribeResponse batch;
    for (int64_t seq : {3, 1, 2}) {
      auto* e = batch.add_events();
      e->set_seq(10 + seq);
      e->mutable_message()->set_conversation_id(7);
      e->mutable_message()->set_seq(seq);
      e->mutable_message()->set_text("m" + std::to_string(seq));
    }
    cache->save_batch(batch, "anna");
  }
  auto cache = open_cache(file);
  EXPECT_EQ(cache->last_seq(), 13);
  auto page = cache->page(7, 0, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].text(), "m2");
  EXPECT_EQ(page[1].text(), "m3");
  ASSERT_EQ(cache->page(7, 2, 50).size(), 1u);
}

TEST(LocalCache, OutboxKeepsOrderAndEachIdOnce) {
  test::TempDir dir;
  auto cache = open_cache(dir / "c.sqlite");
  cache->add_to_outbox({"id-1", ChatKey::direct("li"), "first", std::nullopt, 1, ""});
  v1::MessageContext product;
  product.set_title("Summer dress");
  cache->add_to_outbox({"id-2", ChatKey::direct("li"), "second", product, 2, ""});
  cache->add_to_outbox({"id-1", ChatKey::direct("li"), "first again", std::nullopt, 3, ""});
  auto outbox = cache->outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].text, "first");
  ASSERT_TRUE(outbox[1].context.has_value());
  EXPECT_EQ(outbox[1].context->title(), "Summer dress");

  cache->mark_failed("id-2", "blocked");
  cache->remove_from_outbox("id-1");
  outbox = cache->outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].failed, "blocked");
}

}  // namespace
}  // namespace souk::client

namespace souk::client {
namespace {

TEST(LocalCache, AnOutboxFromTheFirstVersionGainsAttachmentsAndKeepsItsMessages) {
  test::TempDir dir;
  const auto file = dir / "old.sqlite";
  {
    // A cache written by the first version: an outbox without attachments.
    sqlite::Database db(file, sqlite::Database::Mode::kReadWrite);
    db.exec(
        "CREATE TABLE outbox (position INTEGER PRIMARY KEY AUTOINCREMENT, client_msg_id TEXT "
        "NOT NULL UNIQUE, chat TEXT NOT NULL, text BLOB NOT NULL, context BLOB, created_ms "
        "INTEGER NOT NULL, failed TEXT NOT NULL DEFAULT '');"
        "INSERT INTO outbox (client_msg_id, chat, text, created_ms) VALUES "
        "('old-1', 'li', X'7772697474656e', 1);"
        "PRAGMA user_version = 1;");
  }
  auto cache = open_cache(file);
  OutboxEntry entry{"new-1", ChatKey::direct("li"), "", std::nullopt, 2, ""};
  entry.attachments.emplace_back().set_file_id("f-1");
  entry.attachments.back().set_name("dress.jpg");
  cache->add_to_outbox(entry);
  const auto outbox = cache->outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].text, "written");
  EXPECT_TRUE(outbox[0].attachments.empty());
  ASSERT_EQ(outbox[1].attachments.size(), 1u);
  EXPECT_EQ(outbox[1].attachments[0].name(), "dress.jpg");
}

TEST(LocalCache, ATranslationIsKeptWithItsMessage) {
  test::TempDir dir;
  auto cache = open_cache(dir / "c.sqlite");
  v1::SubscribeResponse batch;
  auto* m = batch.add_events();
  m->set_seq(1);
  m->mutable_message()->set_id(40);
  m->mutable_message()->set_conversation_id(7);
  m->mutable_message()->set_seq(1);
  m->mutable_message()->set_text("Hola");
  auto* t = batch.add_events();
  t->set_seq(2);
  auto* translated = t->mutable_message_translated();
  translated->set_message_id(40);
  translated->set_conversation_id(7);
  translated->set_message_seq(1);
  translated->set_target_lang("en");
  translated->set_state(v1::TRANSLATION_STATE_DONE);
  translated->set_text("Hello");
  cache->save_batch(batch, "anna");

  // A later failure to translate again does not take the translation away.
  translated->set_state(v1::TRANSLATION_STATE_FAILED);
  translated->clear_text();
  cache->save_translation(*translated);
  const auto page = cache->page(7, 0, 10);
  ASSERT_EQ(page.size(), 1u);
  ASSERT_EQ(page[0].translations_size(), 1);
  EXPECT_EQ(page[0].translations(0).text(), "Hello");
}

}  // namespace
}  // namespace souk::client
