// throughput, latency and offline-drain: the messaging core under load.
#include <unistd.h>

#include <iostream>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/scenarios.hpp"
#include "client/core/chat_client.hpp"

namespace souk::bench {

namespace {

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void sleep_seconds(double s) {
  std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(s * 1e6)));
}

struct Pairs {
  std::vector<BenchUser> senders, receivers;
  std::vector<std::unique_ptr<Receiver>> streams;
  std::vector<std::unique_ptr<AsyncSender>> outboxes;

  Pairs(const BenchOptions& o) {
    std::cerr << "creating " << 2 * o.pairs << " users...\n";
    senders = make_users(o.address, "bs" + o.run_id + "-", o.pairs);
    receivers = make_users(o.address, "br" + o.run_id + "-", o.pairs);
    for (int i = 0; i < o.pairs; ++i) {
      streams.push_back(std::make_unique<Receiver>(receivers[i]));
      outboxes.push_back(std::make_unique<AsyncSender>(
          senders[i], client::ChatClient::peer(receivers[i].member_id), o.bytes));
    }
    sleep_seconds(0.5);  // let every stream finish its (empty) replay
  }

  int64_t received() const {
    int64_t n = 0;
    for (const auto& r : streams) n += r->received();
    return n;
  }
  void record(bool on) {
    for (auto& r : streams) r->set_recording(on);
  }
  Histogram latencies() {
    Histogram h;
    for (auto& r : streams) h.merge(r->take_histogram());
    return h;
  }
  void stop_and_drain() {
    for (auto& s : outboxes) s->stop();
    for (int i = 0; i < 500; ++i) {
      int64_t pending = 0;
      for (auto& s : outboxes) pending += s->in_flight();
      if (pending == 0) break;
      sleep_seconds(0.01);
    }
  }
};

nlohmann::json latency_json(Histogram& h) {
  return {{"samples", h.count()},
          {"mean_ms", h.mean() / 1000.0},
          {"p50_ms", h.percentile(50) / 1000.0},
          {"p99_ms", h.percentile(99) / 1000.0},
          {"max_ms", h.max() / 1000.0}};
}

nlohmann::json server_json(const BenchOptions& o, const ProcessUsage& before, double wall) {
  if (o.soukd_pid == 0) return nullptr;
  const auto after = process_usage(o.soukd_pid);
  return {{"cpu_cores_used", (after.cpu_seconds - before.cpu_seconds) / wall},
          {"peak_rss_mib", after.peak_rss_kib / 1024.0}};
}

// The load generator's own cost: it shares the machine with soukd, so each core it takes
// is one soukd does not get.
nlohmann::json bench_json(const ProcessUsage& before, double wall, int64_t delivered) {
  const double cpu = process_usage(static_cast<int>(::getpid())).cpu_seconds - before.cpu_seconds;
  return {
      {"cpu_cores_used", cpu / wall},
      {"cpu_us_per_delivered", delivered > 0 ? cpu * 1e6 / static_cast<double>(delivered) : 0.0}};
}

}  // namespace

nlohmann::json run_throughput(const BenchOptions& o) {
  Pairs pairs(o);
  for (auto& s : pairs.outboxes) s->run_window(o.window);
  sleep_seconds(o.warmup_seconds);
  pairs.record(true);
  const auto usage = o.soukd_pid ? process_usage(o.soukd_pid) : ProcessUsage{};
  const auto own_usage = process_usage(static_cast<int>(::getpid()));
  const int64_t received0 = pairs.received();
  const auto start = Clock::now();
  sleep_seconds(o.seconds);
  const int64_t received = pairs.received() - received0;
  const double wall = since(start);
  pairs.record(false);
  auto server = server_json(o, usage, wall);
  auto bench = bench_json(own_usage, wall, received);
  pairs.stop_and_drain();
  int64_t failed = 0;
  for (auto& s : pairs.outboxes) failed += s->failed();
  auto h = pairs.latencies();
  return {{"scenario", "throughput"},
          {"pairs", o.pairs},
          {"window", o.window},
          {"bytes", o.bytes},
          {"seconds", wall},
          {"delivered", received},
          {"delivered_per_second", static_cast<double>(received) / wall},
          {"failed_sends", failed},
          {"latency", latency_json(h)},
          {"server", server},
          {"bench", bench}};
}

nlohmann::json run_latency(const BenchOptions& o) {
  Pairs pairs(o);
  std::atomic<bool> running{true};
  std::atomic<int64_t> issued{0};
  // Paced in 1 ms ticks: the sends due by now go out, round robin over the pairs.
  std::thread pacer([&] {
    const auto start = Clock::now();
    size_t next = 0;
    while (running) {
      const double elapsed = since(start);
      const auto due = static_cast<int64_t>(elapsed * o.rate);
      while (issued < due) {
        pairs.outboxes[next++ % pairs.outboxes.size()]->send();
        ++issued;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  sleep_seconds(o.warmup_seconds);
  pairs.record(true);
  const auto usage = o.soukd_pid ? process_usage(o.soukd_pid) : ProcessUsage{};
  const int64_t received0 = pairs.received();
  const auto start = Clock::now();
  sleep_seconds(o.seconds);
  const double wall = since(start);
  const int64_t received = pairs.received() - received0;
  pairs.record(false);
  auto server = server_json(o, usage, wall);
  running = false;
  pacer.join();
  pairs.stop_and_drain();
  auto h = pairs.latencies();
  return {{"scenario", "latency"},
          {"pairs", o.pairs},
          {"offered_per_second", o.rate},
          {"delivered_per_second", static_cast<double>(received) / wall},
          {"latency", latency_json(h)},
          {"server", server}};
}

nlohmann::json run_offline_drain(const BenchOptions& o) {
  std::cerr << "creating " << o.senders + 1 << " users...\n";
  auto senders = make_users(o.address, "ds" + o.run_id + "-", o.senders);
  auto receiver = make_users(o.address, "dr" + o.run_id + "-", 1).front();
  std::vector<std::unique_ptr<AsyncSender>> outboxes;
  const int64_t each = o.messages / o.senders;
  std::cerr << "queueing " << each * o.senders << " messages for an offline member...\n";
  const auto fill_start = Clock::now();
  for (const auto& s : senders) {
    outboxes.push_back(
        std::make_unique<AsyncSender>(s, client::ChatClient::peer(receiver.member_id), o.bytes));
    outboxes.back()->run_window(o.window, each);
  }
  for (;;) {
    int64_t done = 0;
    for (auto& s : outboxes) done += s->completed() + s->failed();
    if (done >= each * o.senders) break;
    sleep_seconds(0.05);
  }
  const double fill_seconds = since(fill_start);
  const int64_t total = each * o.senders;

  std::cerr << "draining...\n";
  const auto usage = o.soukd_pid ? process_usage(o.soukd_pid) : ProcessUsage{};
  const auto start = Clock::now();
  Receiver stream(receiver);
  while (stream.received() < total && since(start) < 300) sleep_seconds(0.001);
  const double wall = since(start);
  return {{"scenario", "offline-drain"},
          {"queued", total},
          {"queue_fill_per_second", static_cast<double>(total) / fill_seconds},
          {"delivered", stream.received()},
          {"seconds", wall},
          {"delivered_per_second", static_cast<double>(stream.received()) / wall},
          {"server", server_json(o, usage, wall)}};
}

}  // namespace souk::bench
