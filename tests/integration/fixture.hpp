#pragma once

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "client/core/auth_client.hpp"
#include "client/core/channel.hpp"
#include "client/core/chat_client.hpp"
#include "server/storage/sqlite.hpp"
#include "support/event_collector.hpp"
#include "tools/process/process.hpp"
#include "tools/process/soukd_process.hpp"
#include "tools/process/temp_dir.hpp"

#include <sys/wait.h>

namespace souk::test {

// What `souk-cli --json` printed: one object per line.
inline std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

constexpr const char* kPassword = "correct horse";

// A field of /proc/PID/status in KiB (VmRSS, VmHWM), or -1.
inline int64_t status_kib(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) return std::stoll(line.substr(field.size() + 1));
  }
  return -1;
}

// A fresh data directory and a real soukd serving it.
class SoukdTest : public ::testing::Test {
 protected:
  void SetUp() override { start(); }

  void start(std::vector<std::string> extra_args = {}) {
    server_ = std::make_unique<SoukdProcess>(SOUKD_PATH, dir_ / "data", std::move(extra_args));
  }
  // For tests that read soukd's memory. Under AddressSanitizer freed memory sits in a
  // quarantine of up to 256 MiB, which would look like growth; keep it small for this
  // soukd only.
  void start_measured(std::vector<std::string> extra_args = {}) {
    const char* before = std::getenv("ASAN_OPTIONS");
    const std::string saved = before != nullptr ? before : "";
    ::setenv("ASAN_OPTIONS", (saved + (saved.empty() ? "" : ":") + "quarantine_size_mb=8").c_str(),
             1);
    start(std::move(extra_args));
    if (before != nullptr) {
      ::setenv("ASAN_OPTIONS", saved.c_str(), 1);
    } else {
      ::unsetenv("ASAN_OPTIONS");
    }
  }
  int stop_server(int signal) { return server_->stop(signal); }

  // souk-cli against this server, with its own profile per user name.
  ProcessResult cli(const std::string& profile, std::vector<std::string> args,
                    const std::string& password = kPassword) {
    std::vector<std::string> argv = {SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                                     (dir_ / ("profile-" + profile)).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"SOUK_PASSWORD", password}});
  }

  static nlohmann::json json_line(const std::string& text) {
    return nlohmann::json::parse(text.substr(0, text.find('\n')));
  }

  client::AuthClient auth_client(const std::string& token = "") {
    auto channel = client::open_channel({server_->address(), ""});
    EXPECT_TRUE(channel.ok());
    client::AuthClient c(*channel);
    c.set_token(token);
    return c;
  }

  // Reads straight from soukd's SQLite file, as a second opinion on what was written.
  int64_t count_rows(const std::string& table) {
    storage::Database db(server_->database(), storage::Database::Mode::kReadOnly);
    auto stmt = db.prepare("SELECT count(*) FROM " + table);
    return stmt.step() ? stmt.int64(0) : -1;
  }

  // Registers a buyer and logs in; returns the session token.
  std::string member(const std::string& id) {
    auto auth = auth_client();
    auto registered = auth.register_account(buyer(id, id));
    EXPECT_TRUE(registered.ok()) << registered.status().message();
    auto login = auth.login(login_request(id));
    EXPECT_TRUE(login.ok()) << login.status().message();
    return login.ok() ? login->token() : "";
  }

  // Registers a seller (open to anyone, so anyone may write to them or put them in a
  // group) and logs in; returns the session token.
  std::string seller(const std::string& id) {
    auto r = buyer(id, id);
    r.set_role(v1::ROLE_SELLER);
    r.set_shop_name(id + " shop");
    auto registered = auth_client().register_account(r);
    EXPECT_TRUE(registered.ok()) << registered.status().message();
    return another_device(id);
  }

  // Another device of an existing member.
  std::string another_device(const std::string& id) { return login_on(id, "integration test"); }

  // Logs an existing member in on a device named `device`; returns the session token.
  std::string login_on(const std::string& id, const std::string& device,
                       const std::string& password = kPassword) {
    auto request = login_request(id, password);
    request.set_device_name(device);
    auto login = auth_client().login(request);
    EXPECT_TRUE(login.ok()) << login.status().message();
    return login.ok() ? login->token() : "";
  }

  client::ChatClient chat(const std::string& token) {
    return client::ChatClient(*client::open_channel({server_->address(), ""}), token);
  }

  static v1::SendMessageRequest text_to(const std::string& peer, const std::string& text,
                                        const std::string& client_msg_id = "") {
    v1::SendMessageRequest r;
    *r.mutable_to() = client::ChatClient::peer(peer);
    r.set_text(text);
    r.set_client_msg_id(client_msg_id.empty() ? client::ChatClient::new_client_msg_id()
                                              : client_msg_id);
    return r;
  }

  static v1::RegisterRequest buyer(const std::string& id, const std::string& name = "Buyer") {
    v1::RegisterRequest r;
    r.set_member_id(id);
    r.set_password(kPassword);
    r.set_display_name(name);
    r.set_role(v1::ROLE_BUYER);
    return r;
  }

  static v1::LoginRequest login_request(const std::string& id,
                                        const std::string& password = kPassword) {
    v1::LoginRequest r;
    r.set_member_id(id);
    r.set_password(password);
    r.set_device_name("integration test");
    return r;
  }

  TempDir dir_;
  std::unique_ptr<SoukdProcess> server_;
};

}  // namespace souk::test
