// A group at its default size limit, 500 members, 200 of them offline while messages flow:
// every member ends up with every message exactly once, the offline ones on login.
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "integration/groups_fixture.hpp"

namespace souk::test {
namespace {

constexpr int kMembers = 500;  // the owner included
constexpr int kOffline = 200;
constexpr int kSenders = 3;
constexpr int kEach = 5;

using GroupFanOut = GroupsTest;

std::string member_name(int i) {
  return "member" + std::to_string(i);
}

// Runs fn(i) for i in [0, n) on a few threads.
template <class Fn>
void in_parallel(int n, Fn fn) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < n; i = next++) fn(i);
    });
  }
  for (auto& t : threads) t.join();
}

// Every message event in `events`, as (client_msg_id) -> how often it came.
std::map<std::string, int> tally(const std::vector<v1::Event>& events) {
  std::map<std::string, int> seen;
  for (const auto& e : events) {
    if (e.has_message()) ++seen[e.message().client_msg_id()];
  }
  return seen;
}

TEST_F(GroupFanOut, FiveHundredMembersTwoHundredOfflineEachGetEveryMessageOnce) {
  const auto owner = member("owner");
  std::vector<std::string> tokens(kMembers);  // [0] unused: the owner
  in_parallel(kMembers - 1, [&](int i) { tokens[i + 1] = seller(member_name(i + 1)); });
  std::vector<std::string> ids;
  for (int i = 1; i < kMembers; ++i) ids.push_back(member_name(i));
  const int64_t group = create_group(owner, "Five hundred", ids);
  ASSERT_GT(group, 0);
  ASSERT_EQ(listed(owner, group)->member_count(), kMembers);

  // Members 1..299 are online; 300..499 are offline (they logged in before, not since).
  const int online_end = kMembers - kOffline;
  std::vector<std::unique_ptr<EventCollector>> online;
  for (int i = 1; i < online_end; ++i) {
    online.push_back(std::make_unique<EventCollector>(server_->address(), tokens[i]));
  }

  std::set<std::string> sent;
  for (int s = 0; s < kSenders; ++s) {
    const auto& from = s == 0 ? owner : tokens[s];
    for (int k = 0; k < kEach; ++k) {
      auto r = say(from, group, "message " + std::to_string(k) + " from " + std::to_string(s));
      ASSERT_TRUE(r.ok()) << r.status().message();
      sent.insert(r->message().client_msg_id());
    }
  }
  const size_t expected = sent.size() + 1;  // and the "created" entry

  auto check = [&](const std::vector<v1::Event>& events, int i) {
    const auto seen = tally(events);
    EXPECT_EQ(seen.size(), expected) << member_name(i);
    for (const auto& id : sent) {
      auto it = seen.find(id);
      ASSERT_NE(it, seen.end()) << member_name(i) << " lacks " << id;
      EXPECT_EQ(it->second, 1) << member_name(i) << " got " << id << " more than once";
    }
  };
  for (int i = 1; i < online_end; ++i) {
    ASSERT_TRUE(online[i - 1]->wait_for_messages(expected, std::chrono::seconds(60)))
        << member_name(i) << " (online)";
  }

  // The offline members log in now, each on a new device, and drain their logs.
  std::atomic<int> drained{0};
  in_parallel(kOffline, [&](int k) {
    const int i = online_end + k;
    const auto token = another_device(member_name(i));
    EventCollector stream(server_->address(), token);
    if (!stream.wait_for_messages(expected, std::chrono::seconds(60))) {
      ADD_FAILURE() << member_name(i) << " (offline) got " << stream.messages().size();
      return;
    }
    check(stream.events(), i);
    ++drained;
  });
  EXPECT_EQ(drained.load(), kOffline);
  for (int i = 1; i < online_end; ++i) check(online[i - 1]->events(), i);
}

}  // namespace
}  // namespace souk::test
