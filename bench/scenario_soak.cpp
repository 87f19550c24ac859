// soak: mixed load for minutes, with clients that come and go, while soukd's resident
// memory, open descriptors and threads are sampled once a minute. What a long-running
// server must not do is grow: a leak shows as a slope after the warm-up.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include "bench/bench_support.hpp"
#include "bench/live_stream.hpp"
#include "bench/scenarios.hpp"
#include "client/core/auth_client.hpp"
#include "client/core/chat_client.hpp"
#include "client/core/contact_client.hpp"
#include "client/core/file_client.hpp"
#include "client/core/group_client.hpp"
#include "tools/process/generated_file.hpp"

namespace souk::bench {

namespace {

constexpr const char* kPassword = "bench password";  // what make_users registers with

// How much a figure may grow from the two minutes after warm-up to the last two before it
// counts as growth: RSS by 10% or 16 MiB (SQLite's page cache fills as the database grows), file
// descriptors and threads by 10% or 8 (connections and gRPC workers of the moment).
struct Tolerance {
  double fraction;
  double absolute;
};
constexpr Tolerance kRssTolerance{0.10, 16 * 1024};
constexpr Tolerance kFdTolerance{0.10, 8};
constexpr Tolerance kThreadTolerance{0.10, 8};

struct Sample {
  int minute = 0;
  int64_t rss_kib = 0;
  int64_t fds = 0;
  int64_t threads = 0;
  int64_t operations = 0;
  int64_t errors = 0;
};

int64_t open_fds(int pid) {
  std::error_code ec;
  int64_t n = 0;
  for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
       !ec && it != end; it.increment(ec)) {
    ++n;
  }
  return n;
}

// A dead soukd is a zombie until the bench reaps it, and its /proc entry stays.
bool has_exited(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("State:", 0) == 0) return line.find('Z') != std::string::npos;
  }
  return true;
}

int64_t thread_count(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Threads:", 0) == 0) return std::stoll(line.substr(8));
  }
  return 0;
}

// Everything the workers count, and the first few errors in words.
struct Counters {
  std::atomic<int64_t> direct{0}, group{0}, uploads{0}, contact_changes{0}, stream_reopens{0},
      relogins{0}, events{0}, errors{0};
  std::mutex mu;
  std::vector<std::string> first_errors;

  void error(const std::string& what) {
    ++errors;
    std::lock_guard lock(mu);
    if (first_errors.size() < 20) first_errors.push_back(what);
  }
  int64_t operations() const {
    return direct + group + uploads + contact_changes + stream_reopens + relogins;
  }
};

// One member's device: a connection, a session and a live stream, all of which it drops
// and opens again from time to time, as a phone going through tunnels would.
class SoakClient {
 public:
  SoakClient(const std::string& address, BenchUser user, Counters& counters)
      : address_(address), user_(std::move(user)), counters_(counters) {
    open_stream();
  }
  ~SoakClient() { close_stream(); }

  const BenchUser& user() const { return user_; }

  void open_stream() {
    stub_ = v1::ChatService::NewStub(user_.channel);
    // From the last event seen: replaying the whole history on every reconnect would make
    // the load grow with the run, and no real device does it.
    stream_ = std::make_unique<LiveStream>(
        *stub_, user_.token,
        [this](const v1::Event& e) {
          ++counters_.events;
          int64_t seen = last_seq_.load();
          while (e.seq() > seen && !last_seq_.compare_exchange_weak(seen, e.seq())) {
          }
        },
        /*ack=*/true, last_seq_.load());
  }

  void close_stream() {
    if (!stream_) return;
    stream_->cancel();
    stream_->wait_done();
    const auto status = stream_->status();
    if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED) {
      counters_.error("stream of " + user_.member_id + " ended: " + status.error_message());
    }
    stream_.reset();
  }

  // Logs out and in again over a new connection; the old one closes with its last user.
  void relogin() {
    close_stream();
    client::AuthClient out(user_.channel);
    out.set_token(user_.token);
    if (auto s = out.logout(); !s.ok()) counters_.error("logout: " + s.message());
    user_.channel = own_connection(address_);
    client::AuthClient in(user_.channel);
    v1::LoginRequest login;
    login.set_member_id(user_.member_id);
    login.set_password(kPassword);
    login.set_device_name("souk-bench soak");
    auto l = in.login(login);
    if (!l) {
      counters_.error("login: " + l.status().message());
    } else {
      user_.token = l->token();
    }
    open_stream();
  }

  void send(const v1::ConversationRef& to, std::atomic<int64_t>& counter,
            const std::string& attachment = {}) {
    v1::SendMessageRequest r;
    *r.mutable_to() = to;
    r.set_client_msg_id(client::ChatClient::new_client_msg_id());
    r.set_text(stamped_text(100));
    if (!attachment.empty()) r.add_attachment_file_ids(attachment);
    auto sent = client::ChatClient(user_.channel, user_.token).send(r);
    if (!sent) {
      counters_.error("send from " + user_.member_id + ": " + sent.status().message());
    } else {
      ++counter;
    }
  }

  // A small file, sent to `to` as an attachment.
  void upload(const std::string& upload_id, uint64_t seed, int64_t bytes,
              const v1::ConversationRef& to) {
    const test::GeneratedFile file(seed, bytes);
    auto done = client::FileClient(user_.channel, user_.token)
                    .upload(file.spec(upload_id, "soak.bin"), file.reader());
    if (!done) {
      counters_.error("upload from " + user_.member_id + ": " + done.status().message());
      return;
    }
    ++counters_.uploads;
    send(to, counters_.direct, done->file_id());
  }

  // Adds `other` as a contact, or removes them: whichever undoes the last change.
  void toggle_contact(const std::string& other) {
    client::ContactClient contacts(user_.channel, user_.token);
    Status s = Status::Ok();
    if (!is_contact_) {
      v1::AddContactRequest r;
      r.set_member_id(other);
      auto added = contacts.add(r);
      if (!added) s = added.status();
    } else {
      v1::RemoveContactRequest r;
      r.set_member_id(other);
      s = contacts.remove(r);
    }
    if (!s.ok()) {
      counters_.error("contact change by " + user_.member_id + ": " + s.message());
      return;
    }
    is_contact_ = !is_contact_;
    ++counters_.contact_changes;
  }

 private:
  std::string address_;
  BenchUser user_;
  Counters& counters_;
  std::unique_ptr<v1::ChatService::Stub> stub_;
  std::unique_ptr<LiveStream> stream_;
  bool is_contact_ = false;
  std::atomic<int64_t> last_seq_{0};
};

double growth_limit(double base, Tolerance t) {
  return std::max(base * t.fraction, t.absolute);
}

// Warm-up is the first third of the run, at least two minutes: SQLite's page caches (64 MiB
// for the writer, 16 MiB per reader) fill as the database grows, and under this load RSS rose
// for 4-7 minutes and then stayed within 0.3 MiB, so a baseline taken earlier judged the
// caches filling as growth.
size_t warmup_minutes(size_t minutes) {
  return std::max<size_t>(2, minutes / 3);
}

// The two minutes after warm-up against the last two minutes, for each figure.
nlohmann::json growth(const std::vector<Sample>& samples) {
  const size_t warmup = warmup_minutes(samples.size());
  if (samples.size() < warmup + 4) {
    return {{"judged", false},
            {"why", "needs at least 6 minutes: two of warm-up, two after it and the last two"}};
  }
  const std::string baseline = "mean of minutes " + std::to_string(warmup + 1) + "-" +
                               std::to_string(warmup + 2) + " (after warm-up)";
  auto mean = [](auto first, auto last, auto field) {
    double sum = 0;
    for (auto it = first; it != last; ++it) sum += static_cast<double>((*it).*field);
    return sum / static_cast<double>(last - first);
  };
  nlohmann::json out = {
      {"judged", true}, {"baseline", baseline}, {"end", "mean of the last two minutes"}};
  bool grew = false;
  auto judge = [&](const char* name, int64_t Sample::*field, Tolerance t) {
    const auto after_warmup = samples.begin() + static_cast<std::ptrdiff_t>(warmup);
    const double base = mean(after_warmup, after_warmup + 2, field);
    const double end = mean(samples.end() - 2, samples.end(), field);
    const double limit = growth_limit(base, t);
    const bool this_grew = end - base > limit;
    grew = grew || this_grew;
    out[name] = {{"baseline", base},
                 {"end", end},
                 {"growth", end - base},
                 {"tolerance", limit},
                 {"tolerance_rule", "max(" + std::to_string(static_cast<int>(t.fraction * 100)) +
                                        "% of baseline, " +
                                        std::to_string(static_cast<int64_t>(t.absolute)) + ")"},
                 {"grew", this_grew}};
  };
  judge("rss_kib", &Sample::rss_kib, kRssTolerance);
  judge("fds", &Sample::fds, kFdTolerance);
  judge("threads", &Sample::threads, kThreadTolerance);
  out["grew"] = grew;
  return out;
}

}  // namespace

nlohmann::json run_soak(const BenchOptions& o) {
  if (o.soukd_pid == 0) throw std::runtime_error("soak watches its own soukd (no --server)");
  const int n = std::max(3, o.soak_clients);
  std::cerr << "creating " << n << " users...\n";
  auto users = make_users(o.address, "soak" + o.run_id + "-", n);
  // Open to anyone: contacts come and go without answers, and the group takes everyone.
  v1::SetContactPolicyRequest open;
  open.set_policy(v1::CONTACT_POLICY_OPEN);
  for (const auto& u : users) {
    if (!client::ContactClient(u.channel, u.token).set_policy(open).ok()) {
      throw std::runtime_error("cannot open the contact policy of " + u.member_id);
    }
  }
  v1::CreateGroupChatRequest create;
  create.set_name("Soak");
  for (int i = 1; i < n; ++i) create.add_member_ids(users[i].member_id);
  auto group = client::GroupClient(users[0].channel, users[0].token).create(create);
  if (!group) throw std::runtime_error("cannot create the group: " + group.status().message());
  const auto group_ref = client::ChatClient::conversation(group->group().conversation_id());

  Counters counters;
  std::atomic<bool> running{true};
  std::vector<std::thread> workers;
  for (int i = 0; i < n; ++i) {
    workers.emplace_back([&, i] {
      SoakClient me(o.address, users[i], counters);
      std::mt19937 rng(static_cast<uint32_t>(i * 7919 + 1));
      const std::string neighbour = users[(i + 1) % n].member_id;
      for (int64_t step = 1; running; ++step) {
        const auto peer = client::ChatClient::peer(users[(i + 1 + rng() % (n - 1)) % n].member_id);
        const unsigned roll = rng() % 100;
        if (roll < 55) {
          me.send(peer, counters.direct);
        } else if (roll < 80) {
          me.send(group_ref, counters.group);
        } else if (roll < 88) {
          const int64_t bytes = 1024 + static_cast<int64_t>(rng() % (63 * 1024));
          me.upload("soak-" + o.run_id + "-" + std::to_string(i) + "-" + std::to_string(step),
                    rng(), bytes, peer);
        } else {
          me.toggle_contact(neighbour);
        }
        if (step % 40 == 0) {
          me.relogin();
          ++counters.relogins;
        } else if (step % 10 == 0) {
          me.close_stream();
          me.open_stream();
          ++counters.stream_reopens;
        }
        // Paced, not flat out: the point is hours of traffic, not the peak rate.
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 60));
      }
    });
  }

  std::vector<Sample> samples;
  const auto start = Clock::now();
  const int minutes = std::max(1, static_cast<int>(o.soak_minutes + 0.5));
  int64_t last_ops = 0, last_errors = 0;
  int soukd_exited_in = 0;  // the minute, if it died
  for (int minute = 1; minute <= minutes; ++minute) {
    std::this_thread::sleep_until(start + std::chrono::minutes(minute));
    if (has_exited(o.soukd_pid)) {
      soukd_exited_in = minute;
      std::cerr << "soukd exited during minute " << minute << "; stopping" << std::endl;
      break;
    }
    Sample s;
    s.minute = minute;
    s.rss_kib = process_usage(o.soukd_pid).rss_kib;
    s.fds = open_fds(o.soukd_pid);
    s.threads = thread_count(o.soukd_pid);
    s.operations = counters.operations() - last_ops;
    s.errors = counters.errors - last_errors;
    last_ops += s.operations;
    last_errors += s.errors;
    samples.push_back(s);
    std::cerr << "minute " << minute << ": soukd rss " << s.rss_kib / 1024.0 << " MiB, fds "
              << s.fds << ", threads " << s.threads << "; " << s.operations << " operations, "
              << s.errors << " errors (" << counters.errors << " in all)" << std::endl;
  }
  running = false;
  for (auto& w : workers) w.join();

  nlohmann::json series = nlohmann::json::array();
  for (const auto& s : samples) {
    series.push_back({{"minute", s.minute},
                      {"rss_kib", s.rss_kib},
                      {"fds", s.fds},
                      {"threads", s.threads},
                      {"operations", s.operations},
                      {"errors", s.errors}});
  }
  std::lock_guard lock(counters.mu);
  return {{"scenario", "soak"},
          {"minutes", minutes},
          {"clients", n},
          {"direct_messages", counters.direct.load()},
          {"group_messages", counters.group.load()},
          {"uploads", counters.uploads.load()},
          {"contact_changes", counters.contact_changes.load()},
          {"stream_reopens", counters.stream_reopens.load()},
          {"relogins", counters.relogins.load()},
          {"events_received", counters.events.load()},
          {"errors", counters.errors.load()},
          {"soukd_exited", soukd_exited_in != 0},
          {"soukd_exited_during_minute", soukd_exited_in},
          {"first_errors", counters.first_errors},
          {"per_minute", series},
          {"growth_after_warmup", growth(samples)}};
}

}  // namespace souk::bench
