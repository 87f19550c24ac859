#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/layered_config.hpp"
#include "server/app/soukd_config.hpp"
#include "tools/process/temp_dir.hpp"

namespace souk {
namespace {

// Sets an environment variable for the length of a test.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
    ::setenv(name_.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_.c_str()); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
};

struct Args {
  Args(std::initializer_list<std::string> list) : strings(list) {
    for (const auto& s : strings) pointers.push_back(s.c_str());
  }
  int argc() const { return static_cast<int>(pointers.size()); }
  const char* const* argv() const { return pointers.data(); }
  std::vector<std::string> strings;
  std::vector<const char*> pointers;
};

class LayeredConfigTest : public ::testing::Test {
 protected:
  LayeredConfigTest() : config_("souktest", "settings under test", "SOUKTEST") {
    config_.add({"alpha", "a-default", "only a default"});
    config_.add({"beta", "b-default", "set in the file"});
    config_.add({"gamma", "g-default", "set in the file and the environment"});
    config_.add({"delta_value", "d-default", "set everywhere"});
    config_.add({"count", "7", "an integer"});
    config_.add({"verbose", "false", "a switch", true});
  }

  std::string write_toml(const std::string& text) {
    const auto path = dir_ / "settings.toml";
    std::ofstream(path) << text;
    return path.string();
  }

  std::optional<int> parse(const Args& args) { return config_.parse(args.argc(), args.argv()); }

  test::TempDir dir_;
  LayeredConfig config_;
};

TEST_F(LayeredConfigTest, NamesFollowTheKey) {
  EXPECT_EQ(LayeredConfig::flag_name("delta_value"), "--delta-value");
  EXPECT_EQ(config_.env_name("delta_value"), "SOUKTEST_DELTA_VALUE");
}

TEST_F(LayeredConfigTest, DefaultsWhenNothingIsGiven) {
  EXPECT_EQ(parse({"souktest"}), std::nullopt);
  EXPECT_EQ(config_.get("alpha"), "a-default");
  EXPECT_EQ(config_.source("alpha"), "default");
  EXPECT_EQ(config_.get_int("count"), 7);
  EXPECT_FALSE(config_.get_bool("verbose"));
  EXPECT_THROW((void)config_.get("no_such_key"), std::logic_error);
}

TEST_F(LayeredConfigTest, EachLayerOverridesTheOneBelow) {
  const std::string file = write_toml(
      "beta = \"b-file\"\n"
      "gamma = \"g-file\"\n"
      "delta_value = \"d-file\"\n"
      "count = 11\n");
  ScopedEnv gamma("SOUKTEST_GAMMA", "g-env");
  ScopedEnv delta("SOUKTEST_DELTA_VALUE", "d-env");
  EXPECT_EQ(parse({"souktest", "--config", file, "--delta-value", "d-flag"}), std::nullopt);

  EXPECT_EQ(config_.get("alpha"), "a-default");
  EXPECT_EQ(config_.source("alpha"), "default");
  EXPECT_EQ(config_.get("beta"), "b-file");
  EXPECT_EQ(config_.source("beta"), "file");
  EXPECT_EQ(config_.get("gamma"), "g-env");
  EXPECT_EQ(config_.source("gamma"), "env");
  EXPECT_EQ(config_.get("delta_value"), "d-flag");
  EXPECT_EQ(config_.source("delta_value"), "flag");
  EXPECT_EQ(config_.get_int("count"), 11);
  EXPECT_EQ(config_.source("count"), "file");
}

TEST_F(LayeredConfigTest, ConfigPathFromTheEnvironment) {
  const std::string file = write_toml("alpha = \"a-file\"\n");
  ScopedEnv config_env("SOUKTEST_CONFIG", file);
  EXPECT_EQ(parse({"souktest"}), std::nullopt);
  EXPECT_EQ(config_.get("alpha"), "a-file");
  EXPECT_EQ(config_.source("alpha"), "file");
}

TEST_F(LayeredConfigTest, SwitchesFromFlagAndEnvironment) {
  Args with_flag{"souktest", "--verbose"};
  EXPECT_EQ(parse(with_flag), std::nullopt);
  EXPECT_TRUE(config_.get_bool("verbose"));
  EXPECT_EQ(config_.source("verbose"), "flag");

  LayeredConfig from_env("souktest", "d", "SOUKTEST");
  from_env.add({"verbose", "false", "a switch", true});
  ScopedEnv verbose("SOUKTEST_VERBOSE", "yes");
  Args bare{"souktest"};
  EXPECT_EQ(from_env.parse(bare.argc(), bare.argv()), std::nullopt);
  EXPECT_TRUE(from_env.get_bool("verbose"));
  EXPECT_EQ(from_env.source("verbose"), "env");
}

TEST_F(LayeredConfigTest, FileValuesOfEachType) {
  const std::string file = write_toml("verbose = true\nbeta = -3\ngamma = \"text\"\n");
  EXPECT_EQ(parse({"souktest", "--config", file}), std::nullopt);
  EXPECT_EQ(config_.get("verbose"), "true");
  EXPECT_TRUE(config_.get_bool("verbose"));
  EXPECT_EQ(config_.source("verbose"), "file");
  EXPECT_EQ(config_.get("beta"), "-3");
  EXPECT_EQ(config_.get("gamma"), "text");
}

TEST_F(LayeredConfigTest, FalseInTheFileOverridesATrueDefault) {
  LayeredConfig c("souktest", "d", "SOUKTEST");
  c.add({"enabled", "true", "a switch that defaults to on", true});
  Args args{"souktest", "--config", write_toml("enabled = false\n")};
  EXPECT_EQ(c.parse(args.argc(), args.argv()), std::nullopt);
  EXPECT_FALSE(c.get_bool("enabled"));
  EXPECT_EQ(c.source("enabled"), "file");
}

TEST_F(LayeredConfigTest, UnsupportedFileValueIsAUsageError) {
  EXPECT_EQ(parse({"souktest", "--config", write_toml("alpha = [1, 2]\n")}), 2);
}

TEST_F(LayeredConfigTest, UnknownFileKeyIsAUsageError) {
  const std::string file = write_toml("alpha = \"x\"\nmystery = 1\n");
  EXPECT_EQ(parse({"souktest", "--config", file}), 2);
}

TEST_F(LayeredConfigTest, BrokenOrMissingFileIsAUsageError) {
  EXPECT_EQ(parse({"souktest", "--config", write_toml("alpha = = 1\n")}), 2);
  EXPECT_EQ(parse({"souktest", "--config", (dir_ / "absent.toml").string()}), 2);
}

TEST_F(LayeredConfigTest, BadIntegersThrow) {
  ScopedEnv count("SOUKTEST_COUNT", "12abc");
  EXPECT_EQ(parse({"souktest"}), std::nullopt);
  EXPECT_THROW((void)config_.get_int("count"), std::invalid_argument);
  EXPECT_THROW((void)config_.get_int("alpha"), std::invalid_argument);
  EXPECT_THROW((void)config_.get_bool("alpha"), std::invalid_argument);
}

TEST_F(LayeredConfigTest, EmptyIntegerThrows) {
  EXPECT_EQ(parse({"souktest", "--count", ""}), std::nullopt);
  EXPECT_THROW((void)config_.get_int("count"), std::invalid_argument);
}

TEST_F(LayeredConfigTest, HelpExitsZero) {
  EXPECT_EQ(parse({"souktest", "--help"}), 0);
}

TEST_F(LayeredConfigTest, UnknownFlagExitsTwo) {
  EXPECT_EQ(parse({"souktest", "--no-such-flag", "1"}), 2);
}

}  // namespace

namespace app {
namespace {

ConfigOutcome load(std::initializer_list<std::string> args) {
  Args a(args);
  return load_soukd_config(a.argc(), a.argv());
}

TEST(SoukdConfigTest, Defaults) {
  auto outcome = load({"soukd"});
  ASSERT_TRUE(outcome.config.has_value());
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_EQ(outcome.config->listen, "127.0.0.1:50051");
  EXPECT_EQ(outcome.config->sqlite_synchronous, "FULL");
  EXPECT_FALSE(outcome.config->allow_insecure);
}

TEST(SoukdConfigTest, FlagsReachTheConfig) {
  auto outcome =
      load({"soukd", "--session-ttl-seconds", "90", "--login-max-failures", "3",
            "--login-failure-window-seconds", "60", "--listen", "0.0.0.0:1", "--allow-insecure"});
  ASSERT_TRUE(outcome.config.has_value());
  EXPECT_EQ(outcome.config->accounts.session_ttl_ms, 90'000);
  EXPECT_EQ(outcome.config->accounts.login_max_failures, 3);
  EXPECT_EQ(outcome.config->accounts.login_failure_window_ms, 60'000);
  EXPECT_EQ(outcome.config->listen, "0.0.0.0:1");
  EXPECT_TRUE(outcome.config->allow_insecure);
}

TEST(SoukdConfigTest, ZeroSessionTtlIsRejected) {
  auto outcome = load({"soukd", "--session-ttl-seconds", "0"});
  EXPECT_FALSE(outcome.config.has_value());
  EXPECT_EQ(outcome.exit_code, 2);
}

TEST(SoukdConfigTest, NonNumericValueIsRejected) {
  auto outcome = load({"soukd", "--reader-connections", "four"});
  EXPECT_FALSE(outcome.config.has_value());
  EXPECT_EQ(outcome.exit_code, 2);
}

TEST(SoukdConfigTest, SynchronousModeIsUppercased) {
  auto outcome = load({"soukd", "--sqlite-synchronous", "normal"});
  ASSERT_TRUE(outcome.config.has_value());
  EXPECT_EQ(outcome.config->sqlite_synchronous, "NORMAL");
  EXPECT_EQ(load({"soukd", "--sqlite-synchronous", "sometimes"}).exit_code, 2);
}

TEST(SoukdConfigTest, TlsCertAndKeyGoTogether) {
  auto outcome = load({"soukd", "--tls-cert", "cert.pem"});
  EXPECT_FALSE(outcome.config.has_value());
  EXPECT_EQ(outcome.exit_code, 2);
}

TEST(SoukdConfigTest, UnauthenticatedCallLimitsReachTheConfigWithinBounds) {
  auto outcome =
      load({"soukd", "--max-auth-request-bytes",     "2048", "--login-address-max-failures",
            "7",     "--login-max-delay-seconds",    "4",    "--login-max-waiting",
            "9",     "--login-throttle-max-entries", "500",  "--register-max-per-address",
            "3",     "--register-window-seconds",    "60",   "--password-hash-threads",
            "1",     "--password-hash-queue",        "0",    "--login-failure-delay-ms",
            "250"});
  ASSERT_TRUE(outcome.config.has_value());
  const auto& a = outcome.config->accounts;
  EXPECT_EQ(a.login_failure_delay_ms, 250);
  EXPECT_EQ(a.max_auth_request_bytes, 2048);
  EXPECT_EQ(a.login_address_max_failures, 7);
  EXPECT_EQ(a.login_max_delay_ms, 4000);
  EXPECT_EQ(a.login_max_waiting, 9);
  EXPECT_EQ(a.login_throttle_max_entries, 500);
  EXPECT_EQ(a.register_max_per_address, 3);
  EXPECT_EQ(a.register_window_ms, 60'000);
  EXPECT_EQ(a.hash_threads, 1);
  EXPECT_EQ(a.hash_queue, 0);
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"--max-auth-request-bytes", "100"},
                                             {"--max-auth-request-bytes", "67108864"},
                                             {"--password-hash-threads", "0"},
                                             {"--login-failure-delay-ms", "-1"},
                                             {"--login-failure-delay-ms", "10001"},
                                             {"--login-address-max-failures", "0"},
                                             {"--register-max-per-address", "0"},
                                             {"--login-throttle-max-entries", "10"}}) {
    Args args({"soukd", bad[0], bad[1]});
    EXPECT_EQ(load_soukd_config(args.argc(), args.argv()).exit_code, 2) << bad[0] << " " << bad[1];
  }
}

TEST(SoukdConfigTest, QueueLimitsReachTheConfigWithinBounds) {
  auto outcome = load({"soukd", "--writer-queue-limit", "5", "--reader-wait-ms", "250",
                       "--translation-queue-limit", "6", "--presence-tracked-limit", "7",
                       "--session-cache-entries", "0", "--session-cache-seconds", "5"});
  ASSERT_TRUE(outcome.config.has_value());
  const auto& c = *outcome.config;
  EXPECT_EQ(c.writer_queue_limit, 5);
  EXPECT_EQ(c.reader_wait_ms, 250);
  EXPECT_EQ(c.translation.queue_limit, 6);
  EXPECT_EQ(c.presence.tracked_limit, 7u);
  EXPECT_EQ(c.accounts.session_cache_entries, 0);
  EXPECT_EQ(c.accounts.session_cache_ttl_ms, 5000);
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"--writer-queue-limit", "0"},
                                             {"--reader-wait-ms", "0"},
                                             {"--translation-queue-limit", "0"},
                                             {"--presence-tracked-limit", "0"},
                                             {"--session-cache-entries", "-1"},
                                             {"--session-cache-seconds", "0"},
                                             {"--session-cache-seconds", "3601"}}) {
    Args args({"soukd", bad[0], bad[1]});
    EXPECT_EQ(load_soukd_config(args.argc(), args.argv()).exit_code, 2) << bad[0] << " " << bad[1];
  }
}

TEST(SoukdConfigTest, RatesAndTransportLimitsReachTheConfigWithinBounds) {
  const auto defaults = load({"soukd"});
  ASSERT_TRUE(defaults.config.has_value());
  EXPECT_EQ(defaults.config->rates.send.per_second, 200);
  EXPECT_EQ(defaults.config->rates.send.burst, 1000);
  EXPECT_EQ(defaults.config->translation.max_request_bytes, 65536);
  EXPECT_EQ(defaults.config->stream_idle_seconds, 60);

  auto outcome =
      load({"soukd",   "--send-rate-per-second", "3",        "--send-burst",
            "4",       "--typing-burst",         "5",        "--search-rate-per-second",
            "6",       "--contact-burst",        "7",        "--group-rate-per-second",
            "8",       "--max-translate-bytes",  "100",      "--stream-idle-seconds",
            "9",       "--grpc-memory-bytes",    "33554432", "--grpc-stream-window-bytes",
            "1048576", "--grpc-max-threads",     "10",       "--max-streams-per-connection",
            "11"});
  ASSERT_TRUE(outcome.config.has_value());
  const auto& c = *outcome.config;
  EXPECT_EQ(c.rates.send.per_second, 3);
  EXPECT_EQ(c.rates.send.burst, 4);
  EXPECT_EQ(c.rates.typing.burst, 5);
  EXPECT_EQ(c.rates.search.per_second, 6);
  EXPECT_EQ(c.rates.contact.burst, 7);
  EXPECT_EQ(c.rates.group.per_second, 8);
  EXPECT_EQ(c.translation.max_request_bytes, 100);
  EXPECT_EQ(c.stream_idle_seconds, 9);
  EXPECT_EQ(c.grpc_memory_bytes, 33554432);
  EXPECT_EQ(c.grpc_stream_window_bytes, 1048576);
  EXPECT_EQ(c.grpc_max_threads, 10);
  EXPECT_EQ(c.max_streams_per_connection, 11);
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"--send-rate-per-second", "0"},
                                             {"--group-burst", "0"},
                                             {"--max-translate-bytes", "0"},
                                             {"--stream-idle-seconds", "0"},
                                             {"--grpc-memory-bytes", "1024"},
                                             {"--grpc-stream-window-bytes", "1024"},
                                             {"--grpc-max-threads", "1"},
                                             {"--max-streams-per-connection", "0"}}) {
    Args args({"soukd", bad[0], bad[1]});
    EXPECT_EQ(load_soukd_config(args.argc(), args.argv()).exit_code, 2) << bad[0] << " " << bad[1];
  }
}

TEST(SoukdConfigTest, HelpExitsZeroWithoutConfig) {
  auto outcome = load({"soukd", "--help"});
  EXPECT_FALSE(outcome.config.has_value());
  EXPECT_EQ(outcome.exit_code, 0);
}

TEST(ListenPolicyTest, LoopbackHosts) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1:1"));
  EXPECT_TRUE(is_loopback_host("127.0.0.2:50051"));
  EXPECT_TRUE(is_loopback_host("localhost:1"));
  EXPECT_TRUE(is_loopback_host("[::1]:1"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0:1"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1:1"));
  EXPECT_FALSE(is_loopback_host("[::]:1"));
  EXPECT_FALSE(is_loopback_host("example.com:1"));
  EXPECT_FALSE(is_loopback_host("127.example.com:1")) << "a name, not an address";
}

TEST(ListenPolicyTest, RefusesPlaintextOnAPublicAddress) {
  SoukdConfig config;
  config.listen = "0.0.0.0:50051";
  const Status refused = check_listen_policy(config);
  EXPECT_EQ(refused.code(), Code::kFailedPrecondition);
  EXPECT_NE(refused.message().find("TLS"), std::string::npos) << refused.message();

  config.allow_insecure = true;
  EXPECT_TRUE(check_listen_policy(config).ok());

  config.allow_insecure = false;
  config.tls_cert = "cert.pem";
  config.tls_key = "key.pem";
  EXPECT_TRUE(check_listen_policy(config).ok());
}

TEST(ListenPolicyTest, LoopbackNeedsNoTls) {
  SoukdConfig config;
  config.listen = "127.0.0.1:50051";
  EXPECT_TRUE(check_listen_policy(config).ok());
  config.listen = "[::1]:0";
  EXPECT_TRUE(check_listen_policy(config).ok());
}

}  // namespace
}  // namespace app
}  // namespace souk
