#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "client/core/core.hpp"
#include "integration/fixture.hpp"

namespace souk::test {

// A real soukd and client/core instances whose profile and local cache live in this
// test's temporary directory.
class CoreTest : public SoukdTest {
 protected:
  void SetUp() override { start({"--presence-grace-seconds", "1"}); }

  // Starts soukd again on the address it had, as a client would see it come back.
  void restart_server(const std::string& address) {
    start({"--listen", address, "--presence-grace-seconds", "1"});
  }

  client::CoreOptions core_options(const std::string& name) {
    client::CoreOptions o;
    o.profile_dir = dir_ / ("core-profile-" + name);
    o.cache_dir = dir_ / "cache";
    o.device_name = "core test";
    o.reconnect_min = std::chrono::milliseconds(100);
    o.reconnect_max = std::chrono::milliseconds(400);
    return o;
  }

  std::unique_ptr<client::Core> core(const std::string& name) {
    auto c = std::make_unique<client::Core>(core_options(name));
    c->start();
    return c;
  }

  // Polls like a frame loop until `done` holds. The deadline only stops a broken test
  // from hanging; nothing is asserted about speed.
  static bool wait_until(client::Core& c, const std::function<bool(const client::Store&)>& done,
                         std::chrono::seconds deadline = std::chrono::seconds(20)) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < end) {
      c.wait_and_poll(std::chrono::milliseconds(50));
      if (done(c.store())) return true;
    }
    return false;
  }

  static bool connected(const client::Store& s) { return s.connection.online(); }

  // Registers `id` (seller if `seller`) and signs a Core in as them.
  std::unique_ptr<client::Core> signed_in(const std::string& id, bool seller = false) {
    return signed_in_at(server_->address(), id, seller);
  }

  // As signed_in, with the Core reaching soukd at `address` (a proxy in front of it, say).
  std::unique_ptr<client::Core> signed_in_at(const std::string& address, const std::string& id,
                                             bool seller = false) {
    auto r = buyer(id, id);
    if (seller) {
      r.set_role(v1::ROLE_SELLER);
      r.set_shop_name(id + " shop");
    }
    EXPECT_TRUE(auth_client().register_account(r).ok());
    auto c = core(id);
    EXPECT_TRUE(wait_until(*c, [](const auto& s) {
      return s.connection.phase == client::ConnectionState::Phase::kSignedOut;
    }));
    client::LoginForm form;
    form.server = address;
    form.member_id = id;
    form.password = kPassword;
    c->commands().login(form);
    EXPECT_TRUE(wait_until(*c, connected)) << c->store().errors.login;
    return c;
  }

  static std::vector<std::string> texts(const client::Chat* chat) {
    std::vector<std::string> out;
    if (chat != nullptr) {
      for (const auto& m : chat->messages) out.push_back(m.text);
    }
    return out;
  }

  // How many messages with this text the server stored (its SQLite file, read directly).
  int64_t server_copies(const std::string& text) {
    storage::Database db(server_->database(), storage::Database::Mode::kReadOnly);
    auto stmt = db.prepare("SELECT count(*) FROM messages WHERE text = ?");
    stmt.bind(1, text);
    return stmt.step() ? stmt.int64(0) : -1;
  }
};

}  // namespace souk::test
