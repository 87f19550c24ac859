// The client's per-account SQLite cache, in a real file.
#include <gtest/gtest.h>

#include "client/core/local_cache.hpp"
#include "support/temp_dir.hpp"

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
  cache->add_to_outbox({"id-1", "li", "first", std::nullopt, 1, ""});
  v1::MessageContext product;
  product.set_title("Summer dress");
  cache->add_to_outbox({"id-2", "li", "second", product, 2, ""});
  cache->add_to_outbox({"id-1", "li", "first again", std::nullopt, 3, ""});
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
