// soukd as an operator meets it: health, TLS, address policy, signals, --help.
#include <grpcpp/create_channel.h>

#include "integration/fixture.hpp"
#include "proto/health_probe.grpc.pb.h"

namespace souk::test {
namespace {

using ServerLifecycle = SoukdTest;

TEST_F(ServerLifecycle, HealthServiceAnswersServing) {
  auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckResponse response;
  auto status = stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(ServerLifecycle, RefusesNonLoopbackAddressWithoutTls) {
  auto [code, err] =
      soukd_refusal(SOUKD_PATH, {"--listen", "0.0.0.0:0", "--data-dir", (dir_ / "x").string()});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("without TLS"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "x" / "souk.db")) << "nothing was written";
}

TEST_F(ServerLifecycle, AllowInsecureOverridesTheRefusal) {
  SoukdProcess open_server(SOUKD_PATH, dir_ / "insecure",
                           {"--listen", "0.0.0.0:0", "--allow-insecure"});
  EXPECT_EQ(open_server.address().rfind("0.0.0.0:", 0), 0u) << open_server.address();
}

TEST_F(ServerLifecycle, ServesTlsOnAnyAddressWithACertificate) {
  const auto cert = (dir_ / "cert.pem").string();
  const auto key = (dir_ / "key.pem").string();
  auto openssl = run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
                              "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
  ASSERT_EQ(openssl.exit_code, 0) << openssl.err;
  SoukdProcess tls_server(SOUKD_PATH, dir_ / "tls",
                          {"--listen", "0.0.0.0:0", "--tls-cert", cert, "--tls-key", key});
  const std::string port = tls_server.address().substr(tls_server.address().rfind(':') + 1);
  const std::string address = "127.0.0.1:" + port;

  auto reg = run_process({SOUK_CLI_PATH, "--server", address, "--tls-ca", cert, "--profile",
                          (dir_ / "tls-profile").string(), "register", "anna", "--name", "Anna"},
                         {{"SOUK_PASSWORD", kPassword}});
  EXPECT_EQ(reg.exit_code, 0) << reg.err;

  // A plaintext client cannot talk to it.
  auto plain = run_process({SOUK_CLI_PATH, "--server", address, "--profile",
                            (dir_ / "plain-profile").string(), "login", "anna"},
                           {{"SOUK_PASSWORD", kPassword}});
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_NE(plain.err.find("UNAVAILABLE"), std::string::npos) << plain.err;
}

TEST_F(ServerLifecycle, SigtermFinishesCleanlyAndKeepsEverything) {
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  EXPECT_EQ(stop_server(SIGTERM), 0);
  EXPECT_NE(server_->log().find("stopped cleanly"), std::string::npos) << server_->log();
  storage::Database db(server_->database(), storage::Database::Mode::kReadOnly);
  EXPECT_EQ(db.pragma_int("journal_mode = WAL") >= 0, true);
  auto stmt = db.prepare("SELECT member_id FROM accounts");
  ASSERT_TRUE(stmt.step());
  EXPECT_EQ(stmt.text(0), "anna");
}

TEST_F(ServerLifecycle, HelpListsEverySetting) {
  auto help = run_process({SOUKD_PATH, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* key : {"--listen", "--data-dir", "--config", "--tls-cert", "--tls-key",
                          "--allow-insecure", "--log-level", "--sqlite-synchronous",
                          "--session-ttl-seconds", "SOUK_LISTEN", "SOUK_DATA_DIR"}) {
    EXPECT_NE(help.out.find(key), std::string::npos) << key;
  }
  auto bad = run_process({SOUKD_PATH, "--sqlite-synchronous", "sometimes"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("sqlite_synchronous"), std::string::npos) << bad.err;
}

TEST_F(ServerLifecycle, ConfigFileIsReadAndFlagsWin) {
  const auto config = dir_ / "soukd.toml";
  std::ofstream(config) << "login_max_failures = 1\nsession_ttl_seconds = 3600\n";
  SoukdProcess configured(SOUKD_PATH, dir_ / "configured", {"--config", config.string()});
  auto channel = client::open_channel({configured.address(), ""});
  client::AuthClient c(*channel);
  ASSERT_TRUE(c.register_account(buyer("anna")).ok());
  ASSERT_FALSE(c.login(login_request("anna", "wrong once")).ok());
  auto throttled = c.login(login_request("anna"));
  ASSERT_FALSE(throttled.ok()) << "login_max_failures = 1 from the file applies";
  EXPECT_EQ(throttled.status().code(), Code::kResourceExhausted);

  SoukdProcess overridden(SOUKD_PATH, dir_ / "overridden",
                          {"--config", config.string(), "--login-max-failures", "3"});
  client::AuthClient c2(*client::open_channel({overridden.address(), ""}));
  ASSERT_TRUE(c2.register_account(buyer("anna")).ok());
  ASSERT_FALSE(c2.login(login_request("anna", "wrong once")).ok());
  auto login = c2.login(login_request("anna"));
  EXPECT_TRUE(login.ok()) << login.status().message();
  // The file's one-hour TTL, not the default; an hour of slack, as a loaded machine may
  // take seconds between register and login.
  EXPECT_LT(login->expires_at_ms() - login->account().created_at_ms(), 2 * 3600 * 1000);
}

}  // namespace
}  // namespace souk::test
