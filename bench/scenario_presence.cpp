// presence-fanout and idle-streams: presence to many watchers, and the cost of a held stream.
#include <atomic>
#include <iostream>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/live_stream.hpp"
#include "bench/scenarios.hpp"
#include "client/core/chat_client.hpp"
#include "client/core/contact_client.hpp"

namespace souk::bench {

namespace {

// Runs fn(i) for i in [0, n) on `threads` threads.

bool wait_until(const std::function<bool()>& done, double seconds) {
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(seconds * 1e3));
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace

nlohmann::json run_presence_fanout(const BenchOptions& o) {
  const int n = o.watchers;
  std::cerr << "creating " << n + 1 << " users...\n";
  const auto seller = make_users(o.address, "pfs" + o.run_id + "-", 1, 1).front();
  const auto watchers = make_users(o.address, "pfw" + o.run_id + "-", n, 8);
  v1::SetContactPolicyRequest open;
  open.set_policy(v1::CONTACT_POLICY_OPEN);
  client::ContactClient seller_contacts(seller.channel, seller.token);
  if (!seller_contacts.set_policy(open).ok()) throw std::runtime_error("cannot open seller");
  std::cerr << "adding the seller to " << n << " contact lists...\n";
  parallel_for(n, 8, [&](int i) {
    v1::AddContactRequest add;
    add.set_member_id(seller.member_id);
    auto r = client::ContactClient(watchers[i].channel, watchers[i].token).add(add);
    if (!r.ok()) std::cerr << "add failed: " << r.status().message() << "\n";
  });

  std::vector<std::atomic<int>> state(n);
  std::vector<std::atomic<int64_t>> seen_at(n);
  auto stubs = stubs_over(o.address, o.connections);
  std::vector<std::unique_ptr<LiveStream>> streams;
  std::cerr << "opening " << n << " streams over " << o.connections << " connections...\n";
  for (int i = 0; i < n; ++i) {
    streams.push_back(std::make_unique<LiveStream>(
        *stubs[i % stubs.size()], watchers[i].token, [&, i](const v1::Event& e) {
          if (!e.has_presence() || e.presence().member_id() != seller.member_id) return;
          seen_at[i] = micros_now();
          state[i] = e.presence().state();
        }));
  }
  auto all_see = [&](v1::PresenceState s) {
    return [&, s] {
      for (int i = 0; i < n; ++i) {
        if (state[i].load() != s) return false;
      }
      return true;
    };
  };
  if (!wait_until(all_see(v1::PRESENCE_OFFLINE), 120)) {
    throw std::runtime_error("not every watcher got the presence snapshot");
  }

  // One change, timed from just before the call to the last watcher that has it.
  auto measure = [&](const std::function<void()>& change, v1::PresenceState expected) {
    const int64_t start = micros_now();
    change();
    const bool complete = wait_until(all_see(expected), 60);
    Histogram h;
    for (int i = 0; i < n; ++i) h.add(seen_at[i].load() - start);
    return nlohmann::json{{"complete", complete},
                          {"p50_ms", h.percentile(50) / 1000.0},
                          {"p99_ms", h.percentile(99) / 1000.0},
                          {"last_ms", h.max() / 1000.0}};
  };
  nlohmann::json rounds = nlohmann::json::array();
  std::unique_ptr<LiveStream> seller_stream;
  auto seller_stub = v1::ChatService::NewStub(seller.channel);
  rounds.push_back({{"change", "comes online"},
                    {"result", measure(
                                   [&] {
                                     seller_stream = std::make_unique<LiveStream>(
                                         *seller_stub, seller.token, [](const v1::Event&) {});
                                   },
                                   v1::PRESENCE_ONLINE)}});
  for (auto [name, s] : {std::pair{"busy", v1::PRESENCE_BUSY},
                         {"online", v1::PRESENCE_ONLINE},
                         {"busy again", v1::PRESENCE_BUSY}}) {
    rounds.push_back({{"change", name},
                      {"result", measure(
                                     [&, s = s] {
                                       v1::SetPresenceRequest set;
                                       set.set_state(s);
                                       if (!seller_contacts.set_presence(set).ok())
                                         std::cerr << "set failed\n";
                                     },
                                     s)}});
  }
  seller_stream->cancel();
  seller_stream->wait_done();
  for (auto& s : streams) s->cancel();
  for (auto& s : streams) s->wait_done();
  return {{"scenario", "presence-fanout"},
          {"watchers", n},
          {"connections", o.connections},
          {"rounds", rounds}};
}

nlohmann::json run_idle_streams(const BenchOptions& o) {
  const int n = o.watchers;
  std::cerr << "creating " << n + 1 << " users...\n";
  const auto seeder = make_users(o.address, "iss" + o.run_id + "-", 1, 1).front();
  const auto users = make_users(o.address, "isu" + o.run_id + "-", n, 8);
  // One waiting message each: its arrival proves the stream is up.
  std::cerr << "queueing one message for each...\n";
  parallel_for(n, 8, [&](int i) {
    v1::SendMessageRequest send;
    *send.mutable_to() = client::ChatClient::peer(users[i].member_id);
    send.set_client_msg_id(client::ChatClient::new_client_msg_id());
    send.set_text("hello");
    (void)client::ChatClient(seeder.channel, seeder.token).send(send);
  });
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto before = process_usage(o.soukd_pid);

  std::atomic<int> up{0};
  const int connections = o.connections > 0 ? o.connections : n;
  std::cerr << "opening " << n << " streams over " << connections << " connections...\n";
  auto stubs = stubs_over(o.address, connections);
  std::vector<std::unique_ptr<LiveStream>> streams;
  for (int i = 0; i < n; ++i) {
    streams.push_back(std::make_unique<LiveStream>(*stubs[i % stubs.size()], users[i].token,
                                                   [&](const v1::Event& e) {
                                                     if (e.has_message()) ++up;
                                                   }));
  }
  const bool all_up = wait_until([&] { return up.load() >= n; }, 180);
  std::this_thread::sleep_for(std::chrono::seconds(3));  // let allocations settle
  const auto after = process_usage(o.soukd_pid);
  nlohmann::json result = {{"scenario", "idle-streams"},
                           {"streams", n},
                           {"streams_up", up.load()},
                           {"all_up", all_up},
                           {"connections", connections},
                           {"soukd_rss_before_mib", before.rss_kib / 1024.0},
                           {"soukd_rss_after_mib", after.rss_kib / 1024.0},
                           {"kib_per_stream", static_cast<double>(after.rss_kib - before.rss_kib) /
                                                  static_cast<double>(n)}};
  for (auto& s : streams) s->cancel();
  for (auto& s : streams) s->wait_done();
  return result;
}

}  // namespace souk::bench
