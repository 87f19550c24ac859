// Crash consistency: soukd is SIGKILLed at random moments under mixed load from live
// clients and restarted on the same data directory each time; afterwards every promise of
// the delivery model is checked against the database, the blob store and what each client
// was told and received. See docs/RELIABILITY.md.

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>

#include <unistd.h>

#include "integration/groups_fixture.hpp"
#include "reliability/crash_checks.hpp"
#include "reliability/load_member.hpp"

namespace souk::test {
namespace {

using namespace std::chrono_literals;

constexpr int kMembers = 20;
constexpr int kGroups = 3;
constexpr int kGroupSize = 7;

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : fallback;
}

// A channel that finds a restarted soukd quickly: gRPC would otherwise back off for
// seconds between attempts to reconnect.
std::shared_ptr<grpc::Channel> eager_channel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

std::string joined(const std::vector<std::string>& lines, size_t at_most = 30) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < at_most; ++i) out += lines[i] + "\n";
  if (lines.size() > at_most)
    out += "... and " + std::to_string(lines.size() - at_most) + " more\n";
  return out;
}

struct CrashRun {
  const char* name;
  const char* synchronous;
  uint64_t seed;  // 0: a fresh one each run
};

// Names the run in test listings (ctest shows the parameter).
void PrintTo(const CrashRun& run, std::ostream* out) {
  *out << run.name;
}

class CrashConsistencyTest : public GroupsTest, public ::testing::WithParamInterface<CrashRun> {
 protected:
  void SetUp() override {
    // Weak password hashes (loopback only) and rates that never refuse: the load is
    // twenty busy members from one address.
    args_ = {"--password-hash-cost", "minimal", "--sqlite-synchronous", GetParam().synchronous,
             "--log-level", "warn", "--register-max-per-address", "1000000",
             "--max-streams-per-address", "1000000", "--max-streams-per-connection", "1000000",
             // Uploads commit their offset every 64 KiB, so a kill finds some half done and
             // some committed part-way.
             "--upload-sync-bytes", "65536", "--file-chunk-bytes", "65536"};
    for (const std::string call : {"send", "contact", "group"}) {
      args_.insert(args_.end(), {"--" + call + "-rate-per-second", "1000000",
                                 "--" + call + "-burst", "1000000"});
    }
    // Restarts come back on the same address and port, so clients reconnect as to any
    // restarted server. The address is this process's own: while soukd is down, another
    // test's soukd asking for any free port on 127.0.0.1 could be given this port, and
    // with gRPC's SO_REUSEPORT both would then serve it.
    const auto pid = static_cast<uint32_t>(::getpid());
    const std::string host = "127." + std::to_string((pid >> 16) & 255) + "." +
                             std::to_string((pid >> 8) & 255) + "." + std::to_string(pid & 255);
    auto first = args_;
    first.insert(first.end(), {"--listen", host + ":0"});
    start(first);
    args_.insert(args_.end(), {"--listen", server_->address()});
  }

  void TearDown() override {
    for (auto& m : members_) {
      m->stop_load();
      m->stop_stream();
    }
  }

  // SIGKILL, then soukd again on the same data directory and address.
  void kill_and_restart() {
    const int code = stop_server(SIGKILL);
    ASSERT_EQ(code, 128 + SIGKILL) << server_->log();
    for (int attempt = 0;; ++attempt) {
      try {
        start(args_);
        return;
      } catch (const std::exception& e) {
        // The port may linger a moment after the kill; anything else repeats and fails.
        ASSERT_LT(attempt, 50) << e.what();
        std::this_thread::sleep_for(100ms);
      }
    }
  }

  int64_t answered_calls() const {
    int64_t n = 0;
    for (const auto& m : members_) n += m->answered_calls();
    return n;
  }

  // Every member's stream has delivered its whole log and acked it, so no receipt is
  // still to come.
  bool streams_settled() {
    storage::Database db(server_->database(), storage::Database::Mode::kReadOnly);
    for (const auto& m : members_) {
      auto stmt = db.prepare(
          "SELECT l.last_seq, l.acked_seq FROM event_logs l JOIN accounts a ON a.id = "
          "l.account_id WHERE a.member_id = ?");
      stmt.bind_all(m->member_id());
      const int64_t last = stmt.step() ? stmt.int64(0) : 0;
      const int64_t acked = last > 0 ? stmt.int64(1) : 0;
      if (last != acked || m->last_seq() != last) return false;
    }
    return true;
  }

  void run(uint64_t seed, int kills) {
    const auto began = std::chrono::steady_clock::now();
    Roster roster;
    std::vector<std::string> tokens;
    for (int i = 0; i < kMembers; ++i) {
      roster.member_ids.push_back("crash.m" + std::to_string(i));
      tokens.push_back(seller(roster.member_ids.back()));
    }
    for (int g = 0; g < kGroups; ++g) {
      Roster::Group group;
      for (int i = 0; i < kGroupSize; ++i) {
        group.member_ids.push_back(roster.member_ids[(g * kGroupSize + i) % kMembers]);
      }
      const std::vector<std::string> others(group.member_ids.begin() + 1, group.member_ids.end());
      group.conversation_id =
          create_group(tokens[(g * kGroupSize) % kMembers], "crash " + std::to_string(g), others);
      ASSERT_GT(group.conversation_id, 0);
      roster.groups.push_back(group);
    }
    for (int i = 0; i < kMembers; ++i) {
      members_.push_back(std::make_unique<LoadMember>(eager_channel(server_->address()),
                                                      roster.member_ids[i], tokens[i], roster,
                                                      seed * 1000003 + i));
    }
    for (auto& m : members_) m->start();

    // Each kill lands after a random number of answered calls and a random delay, so it
    // hits soukd at work: mid-commit, mid-upload, mid-replay.
    std::mt19937_64 rng(seed);
    for (int k = 0; k < kills; ++k) {
      const int64_t target = answered_calls() + 5 + static_cast<int64_t>(rng() % 60);
      const auto deadline = std::chrono::steady_clock::now() + 120s;
      while (answered_calls() < target) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline)
            << "the load stalled after kill " << k << "\n"
            << server_->log();
        std::this_thread::sleep_for(5ms);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 150));
      ASSERT_NO_FATAL_FAILURE(kill_and_restart());
      // Where a run that hangs got to, in the output ctest shows for it.
      std::cout << "kill " << k + 1 << " after " << answered_calls() << " answered calls\n"
                << std::flush;
    }
    for (auto& m : members_) m->stop_load();
    std::cout << "load stopped; waiting for the streams to catch up\n" << std::flush;

    const auto settle_by = std::chrono::steady_clock::now() + 120s;
    while (!streams_settled()) {
      ASSERT_LT(std::chrono::steady_clock::now(), settle_by) << "the streams never caught up";
      std::this_thread::sleep_for(100ms);
    }
    std::vector<std::string> problems = check_downloads(server_->address(), members_);
    for (auto& m : members_) m->stop_stream();
    ASSERT_EQ(stop_server(SIGTERM), 0) << server_->log();

    for (const auto& m : members_) {
      const auto seen = m->problems();
      problems.insert(problems.end(), seen.begin(), seen.end());
    }
    for (const auto& more : {check_integrity(server_->database()),
                             check_messages_stored_once(server_->database(), members_),
                             check_streams(server_->database(), members_),
                             check_files(server_->data_dir(), members_)}) {
      problems.insert(problems.end(), more.begin(), more.end());
    }

    int64_t sent = 0, retried = 0, found_on_retry = 0, uploads = 0, events = 0, dropped = 0,
            reconnects = 0;
    for (const auto& m : members_) {
      sent += static_cast<int64_t>(m->sent().size());
      for (const auto& s : m->sent()) {
        retried += s.attempts > 1 ? 1 : 0;
        found_on_retry += s.found_on_retry ? 1 : 0;
      }
      uploads += static_cast<int64_t>(m->uploads().size());
      events += static_cast<int64_t>(m->seen().size());
      dropped += m->failed_calls();
      reconnects += m->reconnects();
    }
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    std::cout << "synchronous=" << GetParam().synchronous << " seed " << seed << ": " << kills
              << " SIGKILLs, " << sent << " messages answered OK (" << retried
              << " after a dropped call, " << found_on_retry
              << " of them found committed on the retry), " << uploads << " uploads, " << events
              << " events streamed, " << reconnects << " stream reconnects, " << dropped
              << " dropped calls, " << seconds << " s\n";
    RecordProperty("seed", std::to_string(seed));
    RecordProperty("messages", std::to_string(sent));
    EXPECT_TRUE(problems.empty()) << "seed " << seed << "\n" << joined(problems);
    EXPECT_GT(sent, kills) << "too little load to say anything";
    EXPECT_GT(uploads, 0);
  }

  std::vector<std::string> args_;
  std::vector<std::unique_ptr<LoadMember>> members_;
};

TEST_P(CrashConsistencyTest, EveryAnsweredSendSurvivesSigkillExactlyOnce) {
  // SOUK_CRASH_SEED repeats a run's choices (the machine's timing still varies);
  // SOUK_CRASH_KILLS runs longer.
  const uint64_t fixed = GetParam().seed;
  const uint64_t seed = fixed != 0 ? fixed : env_number("SOUK_CRASH_SEED", std::random_device{}());
  std::cout << "SOUK_CRASH_SEED=" << seed << "\n" << std::flush;
  run(seed, static_cast<int>(env_number("SOUK_CRASH_KILLS", 20)));
}

// Both modes with a new seed each run; and the seed that found uploads lost when a kill
// fell between storing a blob and recording its file (upload_crash_window_test.cpp).
INSTANTIATE_TEST_SUITE_P(Synchronous, CrashConsistencyTest,
                         ::testing::Values(CrashRun{"FULL", "FULL", 0},
                                           CrashRun{"NORMAL", "NORMAL", 0},
                                           CrashRun{"FULL_seed3748390367", "FULL", 3748390367}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace souk::test
