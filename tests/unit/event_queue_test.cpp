#include "server/domain/event_queue.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>

namespace souk::domain {
namespace {

storage::EventRecord event(int64_t seq) {
  storage::EventRecord e;
  e.seq = seq;
  return e;
}

TEST(EventQueue, EmptiedQueueKeepsNoMemory) {
  EventQueue q;
  EXPECT_FALSE(q.holds_memory());
  for (int64_t s = 1; s <= 3; ++s) q.push_back(event(s));
  for (int64_t s = 1; s <= 3; ++s) {
    ASSERT_FALSE(q.empty());
    EXPECT_EQ(q.front().seq, s);
    q.pop_front();
  }
  EXPECT_TRUE(q.empty());
  EXPECT_FALSE(q.holds_memory());  // an idle stream's queue costs nothing
}

TEST(EventQueue, StaysInOrderWhileNeverEmptyingAcrossCompactions) {
  EventQueue q;
  int64_t pushed = 0, popped = 0;
  // Two in, one out, for long enough that the taken slots are dropped many times over.
  for (int round = 0; round < 1000; ++round) {
    q.push_back(event(++pushed));
    q.push_back(event(++pushed));
    ASSERT_EQ(q.front().seq, popped + 1);
    q.pop_front();
    ++popped;
    ASSERT_EQ(q.size(), static_cast<size_t>(pushed - popped));
  }
  while (!q.empty()) {
    ASSERT_EQ(q.front().seq, ++popped);
    q.pop_front();
  }
  EXPECT_EQ(popped, pushed);
  EXPECT_FALSE(q.holds_memory());
}

TEST(EventQueue, TakenEventLetsGoOfItsMessageAtOnce) {
  EventQueue q;
  auto message = std::make_shared<const storage::MessageRecord>();
  auto first = event(1);
  first.message = message;
  q.push_back(first);
  first.message.reset();
  q.push_back(event(2));
  EXPECT_EQ(message.use_count(), 2);
  q.pop_front();
  EXPECT_EQ(message.use_count(), 1);  // not held until the queue next empties
  EXPECT_EQ(q.front().seq, 2);
}

}  // namespace
}  // namespace souk::domain
