// login-storm: members log in at a steady rate; how fast do their online contacts hear it?
#include <atomic>
#include <iostream>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/live_stream.hpp"
#include "bench/scenarios.hpp"
#include "client/core/auth_client.hpp"
#include "client/core/contact_client.hpp"

namespace souk::bench {

nlohmann::json run_login_storm(const BenchOptions& o) {
  const int stormers = o.rate * static_cast<int>(o.seconds);
  const int per_user = o.contacts_each;
  const int watchers_n = o.watchers;
  std::cerr << "creating " << stormers + watchers_n << " users...\n";
  const std::string prefix = "ls" + o.run_id + "-";
  const auto storm = make_users(o.address, prefix, stormers, 8);
  const auto watchers = make_users(o.address, "lw" + o.run_id + "-", watchers_n, 8);
  std::cerr << "opening their contact policies and filling " << stormers * per_user
            << " contact lists entries...\n";
  parallel_for(stormers, 8, [&](int i) {
    v1::SetContactPolicyRequest open;
    open.set_policy(v1::CONTACT_POLICY_OPEN);
    (void)client::ContactClient(storm[i].channel, storm[i].token).set_policy(open);
  });
  // Stormer i is in the lists of `per_user` consecutive watchers.
  parallel_for(stormers * per_user, 8, [&](int k) {
    const int i = k / per_user;
    const int w = (i * per_user + k % per_user) % watchers_n;
    v1::AddContactRequest add;
    add.set_member_id(storm[i].member_id);
    (void)client::ContactClient(watchers[w].channel, watchers[w].token).add(add);
  });

  std::vector<std::atomic<int64_t>> login_at(stormers);
  std::mutex mu;
  Histogram delays;
  std::atomic<int64_t> heard{0};
  std::vector<std::unique_ptr<v1::ChatService::Stub>> stubs;
  for (int c = 0; c < std::max(1, o.connections); ++c) {
    stubs.push_back(v1::ChatService::NewStub(own_connection(o.address)));
  }
  std::vector<std::unique_ptr<LiveStream>> watching;
  for (int w = 0; w < watchers_n; ++w) {
    watching.push_back(std::make_unique<LiveStream>(
        *stubs[w % stubs.size()], watchers[w].token, [&](const v1::Event& e) {
          if (!e.has_presence() || e.presence().state() != v1::PRESENCE_ONLINE) return;
          const auto& id = e.presence().member_id();
          if (id.rfind(prefix, 0) != 0) return;
          const int i = std::stoi(id.substr(prefix.size()));
          const int64_t start = login_at[i].load();
          if (start == 0) return;
          ++heard;
          std::lock_guard lock(mu);
          delays.add(micros_now() - start);
        }));
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // snapshots delivered

  std::cerr << "logging in " << stormers << " members at " << o.rate << "/s...\n";
  std::vector<std::unique_ptr<LiveStream>> online(stormers);
  std::vector<std::unique_ptr<v1::ChatService::Stub>> storm_stubs(stormers);
  const auto start = Clock::now();
  parallel_for(stormers, 16, [&](int i) {
    std::this_thread::sleep_until(start +
                                  std::chrono::microseconds(int64_t{1'000'000} * i / o.rate));
    login_at[i] = micros_now();
    client::AuthClient auth(storm[i].channel);
    v1::LoginRequest login;
    login.set_member_id(storm[i].member_id);
    login.set_password("bench password");
    auto r = auth.login(login);
    if (!r.ok()) return;
    storm_stubs[i] = v1::ChatService::NewStub(storm[i].channel);
    online[i] = std::make_unique<LiveStream>(*storm_stubs[i], r->token(), [](const v1::Event&) {});
  });
  const double storm_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const int64_t expected = static_cast<int64_t>(stormers) * per_user;
  for (int waited = 0; heard.load() < expected && waited < 30'000; waited += 10) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  nlohmann::json result = {{"scenario", "login-storm"},
                           {"logins", stormers},
                           {"logins_per_second", stormers / storm_seconds},
                           {"contacts_online_each", per_user},
                           {"presence_deliveries", heard.load()},
                           {"expected_deliveries", expected}};
  {
    std::lock_guard lock(mu);
    result["delivery_ms"] = {{"p50", delays.percentile(50) / 1000.0},
                             {"p99", delays.percentile(99) / 1000.0},
                             {"max", delays.max() / 1000.0}};
  }
  for (auto& s : online) {
    if (s) s->cancel();
  }
  for (auto& s : online) {
    if (s) s->wait_done();
  }
  for (auto& s : watching) s->cancel();
  for (auto& s : watching) s->wait_done();
  return result;
}

}  // namespace souk::bench
