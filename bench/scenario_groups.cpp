// group-fanout: many group chats, every member online and sending.
#include <array>
#include <atomic>
#include <iostream>
#include <mutex>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/live_stream.hpp"
#include "bench/scenarios.hpp"
#include "client/core/chat_client.hpp"
#include "client/core/contact_client.hpp"
#include "client/core/group_client.hpp"

namespace souk::bench {

namespace {

void sleep_for_seconds(double s) {
  std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(s * 1e6)));
}

// Latencies gathered on gRPC threads, in shards so that they rarely wait on each other.
class ShardedHistogram {
 public:
  void add(size_t key, int64_t micros) {
    auto& s = shards_[key % kShards];
    std::lock_guard lock(s.mu);
    s.h.add(micros);
  }
  Histogram merged() {
    Histogram all;
    for (auto& s : shards_) {
      std::lock_guard lock(s.mu);
      all.merge(s.h);
    }
    return all;
  }

 private:
  static constexpr size_t kShards = 64;
  struct Shard {
    std::mutex mu;
    Histogram h;
  };
  std::array<Shard, kShards> shards_;
};

}  // namespace

nlohmann::json run_group_fanout(const BenchOptions& o) {
  const int size = o.group_size;
  const int n = o.groups * size;
  std::cerr << "creating " << n << " users...\n";
  const auto users = make_users(o.address, "gf" + o.run_id + "-", n, 8);
  // Open to anyone, so that each group's first member may put the others in it.
  v1::SetContactPolicyRequest open;
  open.set_policy(v1::CONTACT_POLICY_OPEN);
  parallel_for(n, 8, [&](int i) {
    if (!client::ContactClient(users[i].channel, users[i].token).set_policy(open).ok()) {
      std::cerr << "cannot open " << users[i].member_id << "\n";
    }
  });
  std::cerr << "creating " << o.groups << " groups of " << size << "...\n";
  std::vector<int64_t> group_of(n);
  std::atomic<int> failed_groups{0};
  parallel_for(o.groups, 4, [&](int g) {
    const auto& owner = users[g * size];
    v1::CreateGroupChatRequest r;
    r.set_name("bench group " + std::to_string(g));
    for (int k = 1; k < size; ++k) r.add_member_ids(users[g * size + k].member_id);
    auto created = client::GroupClient(owner.channel, owner.token).create(r);
    if (!created.ok()) {
      std::cerr << "cannot create a group: " << created.status().message() << "\n";
      ++failed_groups;
      return;
    }
    for (int k = 0; k < size; ++k) group_of[g * size + k] = created->group().conversation_id();
  });

  if (failed_groups > 0) throw std::runtime_error("not every group could be created");

  std::atomic<bool> recording{false};
  std::atomic<int64_t> deliveries{0};
  ShardedHistogram latencies;
  auto stubs = stubs_over(o.address, o.connections);
  std::vector<std::unique_ptr<LiveStream>> streams;
  std::cerr << "opening " << n << " streams over " << stubs.size() << " connections...\n";
  for (int i = 0; i < n; ++i) {
    streams.push_back(std::make_unique<LiveStream>(
        *stubs[i % stubs.size()], users[i].token,
        [&, i, me = users[i].member_id](const v1::Event& e) {
          // A member's own copy (for their other devices) is not a delivery to anyone else.
          if (!e.has_message() || e.message().sender() == me) return;
          const int64_t micros = micros_since_stamp(e.message().text());
          if (micros < 0 || !recording) return;
          ++deliveries;
          latencies.add(static_cast<size_t>(i), micros);
        },
        /*ack=*/true));
  }
  sleep_for_seconds(1);  // the streams' replays (one "created" entry each)

  std::vector<std::unique_ptr<AsyncSender>> outboxes;
  for (int i = 0; i < n; ++i) {
    outboxes.push_back(std::make_unique<AsyncSender>(
        users[i], client::ChatClient::conversation(group_of[i]), o.bytes));
  }
  std::cerr << "all " << n << " members sending, " << o.group_window << " in flight each...\n";
  for (auto& s : outboxes) s->run_window(o.group_window);
  sleep_for_seconds(o.warmup_seconds);
  recording = true;
  const auto usage = o.soukd_pid ? process_usage(o.soukd_pid) : ProcessUsage{};
  int64_t sent0 = 0;
  for (auto& s : outboxes) sent0 += s->completed();
  const auto start = Clock::now();
  sleep_for_seconds(o.seconds);
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  recording = false;
  const int64_t delivered = deliveries.load();
  int64_t sent = -sent0, failed = 0;
  for (auto& s : outboxes) {
    sent += s->completed();
    failed += s->failed();
  }
  nlohmann::json server = nullptr;
  if (o.soukd_pid != 0) {
    const auto after = process_usage(o.soukd_pid);
    server = {{"cpu_cores_used", (after.cpu_seconds - usage.cpu_seconds) / wall},
              {"peak_rss_mib", after.peak_rss_kib / 1024.0}};
  }
  // Every send still in flight must finish before its sender goes: a saturated server may
  // hold thousands of them for seconds.
  for (auto& s : outboxes) s->stop();
  for (int i = 0; i < 30'000; ++i) {
    int64_t pending = 0;
    for (auto& s : outboxes) pending += s->in_flight();
    if (pending == 0) break;
    sleep_for_seconds(0.01);
  }
  for (auto& s : streams) s->cancel();
  for (auto& s : streams) s->wait_done();

  auto h = latencies.merged();
  return {{"scenario", "group-fanout"},
          {"groups", o.groups},
          {"group_size", size},
          {"in_flight_per_member", o.group_window},
          {"bytes", o.bytes},
          {"seconds", wall},
          {"messages_sent", sent},
          {"messages_per_second", static_cast<double>(sent) / wall},
          {"member_deliveries", delivered},
          {"member_deliveries_per_second", static_cast<double>(delivered) / wall},
          {"failed_sends", failed},
          {"latency",
           {{"samples", h.count()},
            {"mean_ms", h.mean() / 1000.0},
            {"p50_ms", h.percentile(50) / 1000.0},
            {"p99_ms", h.percentile(99) / 1000.0},
            {"max_ms", h.max() / 1000.0}}},
          {"server", server}};
}

}  // namespace souk::bench
