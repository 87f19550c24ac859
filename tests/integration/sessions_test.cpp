// Sessions against a real soukd: the end of a session (logout, ended from another device,
// password change, expiry) ends its live streams at once; members review and end their
// sessions and change their password.
#include <condition_variable>
#include <future>

#include "client/core/event_stream.hpp"
#include "integration/fixture.hpp"

namespace souk::test {
namespace {

using namespace std::chrono_literals;

constexpr auto kEndWithin = 5s;

// One device's event stream, counting the messages it receives and telling how it ended.
class WatchedStream {
 public:
  WatchedStream(const std::string& address, const std::string& token)
      : stream_(*client::open_channel({address, ""}), token) {
    stream_.open(0, [this](const v1::SubscribeResponse& batch) {
      std::lock_guard lock(mu_);
      for (const auto& e : batch.events()) messages_ += e.has_message() ? 1 : 0;
      changed_.notify_all();
    });
    ended_ = std::async(std::launch::async, [this] { return stream_.wait(); }).share();
  }
  ~WatchedStream() {
    stream_.close();
    ended_.wait();
  }

  bool wait_messages(int n) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, 20s, [&] { return messages_ >= n; });
  }
  // How the stream ended, if it did within `timeout`.
  std::optional<Status> wait_end(std::chrono::milliseconds timeout) {
    if (ended_.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    return ended_.get();
  }
  bool still_open() { return ended_.wait_for(0s) != std::future_status::ready; }

 private:
  client::EventStream stream_;
  std::mutex mu_;
  std::condition_variable changed_;
  int messages_ = 0;
  std::shared_future<Status> ended_;
};

class Sessions : public SoukdTest {
 protected:
  // A message from bob that `streams` all receive proves them live.
  void prove_live(const std::string& bob, const std::string& to,
                  std::initializer_list<WatchedStream*> streams, int nth) {
    auto sent = chat(bob).send(text_to(to, "ping " + std::to_string(nth)));
    ASSERT_TRUE(sent.ok()) << sent.status().message();
    for (auto* s : streams) ASSERT_TRUE(s->wait_messages(nth));
  }

  static void expect_ended(WatchedStream& stream, const std::string& words) {
    auto end = stream.wait_end(kEndWithin);
    ASSERT_TRUE(end.has_value()) << "the stream outlived its session";
    EXPECT_EQ(end->code(), Code::kUnauthenticated) << end->message();
    EXPECT_NE(end->message().find(words), std::string::npos) << end->message();
  }
};

TEST_F(Sessions, LogoutEndsTheLiveStreamAtOnce) {
  const auto anna = member("anna");
  const auto bob = member("bob");
  WatchedStream stream(server_->address(), anna);
  prove_live(bob, "anna", {&stream}, 1);

  ASSERT_TRUE(auth_client(anna).logout().ok());
  expect_ended(stream, "logged out");
  // And it cannot come back with the same token.
  WatchedStream again(server_->address(), anna);
  expect_ended(again, "not valid");
}

TEST_F(Sessions, PasswordChangeEndsTheOtherSessionsAndTheirStreamsOnly) {
  const auto phone = login_on((member("anna"), "anna"), "phone");
  const auto laptop = login_on("anna", "laptop");
  const auto bob = member("bob");
  WatchedStream phone_stream(server_->address(), phone);
  WatchedStream laptop_stream(server_->address(), laptop);
  prove_live(bob, "anna", {&phone_stream, &laptop_stream}, 1);

  auto changed = auth_client(phone).change_password(kPassword, "a much better one");
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  EXPECT_EQ(*changed, 2);  // the laptop and the session member() opened

  expect_ended(laptop_stream, "password was changed");
  EXPECT_EQ(auth_client(laptop).whoami().status().code(), Code::kUnauthenticated);
  WatchedStream reconnect(server_->address(), laptop);
  expect_ended(reconnect, "not valid");

  // The phone made the change: its session and stream stay.
  prove_live(bob, "anna", {&phone_stream}, 2);
  EXPECT_TRUE(phone_stream.still_open());
  EXPECT_TRUE(auth_client(phone).whoami().ok());
  EXPECT_EQ(auth_client().login(login_request("anna")).status().code(), Code::kUnauthenticated);
  EXPECT_TRUE(auth_client().login(login_request("anna", "a much better one")).ok());
}

TEST_F(Sessions, ListShowsDevicesAndEndingOneByIdEndsItsStream) {
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  const auto phone = login_on("anna", "phone");
  const auto laptop = login_on("anna", "laptop");
  const auto bob = member("bob");

  auto list = auth_client(phone).sessions();
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->sessions_size(), 2);
  std::string laptop_id;
  for (const auto& s : list->sessions()) {
    EXPECT_FALSE(s.id().empty());
    EXPECT_GT(s.created_at_ms(), 0);
    EXPECT_GE(s.last_seen_ms(), s.created_at_ms());
    EXPECT_EQ(s.current(), s.device_name() == "phone") << s.device_name();
    if (s.device_name() == "laptop") laptop_id = s.id();
  }
  ASSERT_FALSE(laptop_id.empty());

  WatchedStream laptop_stream(server_->address(), laptop);
  prove_live(bob, "anna", {&laptop_stream}, 1);
  ASSERT_TRUE(auth_client(phone).end_session(laptop_id).ok());
  expect_ended(laptop_stream, "ended from another device");
  EXPECT_EQ(auth_client(laptop).whoami().status().code(), Code::kUnauthenticated);

  // Gone, someone else's, or made up: the same answer.
  EXPECT_EQ(auth_client(phone).end_session(laptop_id).code(), Code::kNotFound);
  auto bobs = auth_client(bob).sessions();
  ASSERT_TRUE(bobs.ok());
  ASSERT_EQ(bobs->sessions_size(), 1);
  EXPECT_EQ(auth_client(phone).end_session(bobs->sessions(0).id()).code(), Code::kNotFound);
  EXPECT_TRUE(auth_client(bob).whoami().ok());
  EXPECT_EQ(auth_client(phone).end_session("").code(), Code::kInvalidArgument);

  const auto tablet = login_on("anna", "tablet");
  WatchedStream tablet_stream(server_->address(), tablet);
  prove_live(bob, "anna", {&tablet_stream}, 2);
  auto others = auth_client(phone).end_other_sessions();
  ASSERT_TRUE(others.ok()) << others.status().message();
  EXPECT_EQ(*others, 1);
  expect_ended(tablet_stream, "ended from another device");
  auto left = auth_client(phone).sessions();
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->sessions_size(), 1);
  EXPECT_TRUE(left->sessions(0).current());
}

TEST_F(Sessions, WrongCurrentPasswordChangesNothing) {
  const auto phone = login_on((member("anna"), "anna"), "phone");
  const auto laptop = login_on("anna", "laptop");
  auto refused = auth_client(phone).change_password("not the password", "a much better one");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kPermissionDenied);
  EXPECT_NE(refused.status().message().find("current password is wrong"), std::string::npos);
  auto weak = auth_client(phone).change_password(kPassword, "short");
  EXPECT_EQ(weak.status().code(), Code::kInvalidArgument);
  EXPECT_TRUE(auth_client(laptop).whoami().ok());
  EXPECT_TRUE(auth_client(phone).whoami().ok());
  EXPECT_TRUE(auth_client().login(login_request("anna")).ok());
  EXPECT_EQ(auth_client().login(login_request("anna", "a much better one")).status().code(),
            Code::kUnauthenticated);
}

TEST_F(Sessions, AStreamEndsWhenItsSessionExpires) {
  stop_server(SIGTERM);
  start({"--session-ttl-seconds", "3"});
  const auto anna = member("anna");
  const auto bob = member("bob");
  WatchedStream stream(server_->address(), anna);
  prove_live(bob, "anna", {&stream}, 1);
  auto end = stream.wait_end(10s);
  ASSERT_TRUE(end.has_value()) << "the stream outlived its session";
  EXPECT_EQ(end->code(), Code::kUnauthenticated);
  EXPECT_NE(end->message().find("expired"), std::string::npos) << end->message();
}

TEST_F(Sessions, CliListsEndsAndChangesThePassword) {
  ASSERT_EQ(cli("anna", {"register", "anna", "--name", "Anna", "--device", "desk"}).exit_code, 0);
  ASSERT_EQ(cli("laptop", {"login", "anna", "--device", "laptop"}).exit_code, 0);
  ASSERT_EQ(cli("tablet", {"login", "anna", "--device", "tablet"}).exit_code, 0);

  auto listed = cli("anna", {"--json", "sessions"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  auto rows = json_lines(listed.out);
  ASSERT_EQ(rows.size(), 3u);
  std::map<std::string, nlohmann::json> by_device;
  for (const auto& row : rows) by_device[row["device_name"]] = row;
  EXPECT_EQ(by_device["desk"]["current"], true);
  EXPECT_EQ(by_device["laptop"]["current"], false);
  auto human = cli("anna", {"sessions"});
  EXPECT_NE(human.out.find("desk"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("(this session)"), std::string::npos) << human.out;

  auto end = cli("anna", {"sessions", "end", by_device["laptop"]["id"]});
  ASSERT_EQ(end.exit_code, 0) << end.err;
  EXPECT_EQ(cli("laptop", {"whoami"}).exit_code, 1);
  auto unknown = cli("anna", {"sessions", "end", "0123456789abcdef"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("NOT_FOUND"), std::string::npos) << unknown.err;
  EXPECT_EQ(cli("anna", {"sessions", "end"}).exit_code, 1);

  // A wrong current password changes nothing.
  auto passwd = [&](const std::string& profile, const std::string& current,
                    const std::string& next) {
    return run_process({SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                        (dir_ / ("profile-" + profile)).string(), "passwd"},
                       {{"SOUK_PASSWORD", current}, {"SOUK_NEW_PASSWORD", next}});
  };
  auto wrong = passwd("anna", "not the password", "a much better one");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("current password is wrong"), std::string::npos) << wrong.err;
  EXPECT_EQ(cli("tablet", {"whoami"}).exit_code, 0);
  EXPECT_EQ(cli("check", {"login", "anna"}).exit_code, 0);

  auto changed = passwd("anna", kPassword, "a much better one");
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.out.find("ended 2 other sessions"), std::string::npos) << changed.out;
  EXPECT_EQ(cli("tablet", {"whoami"}).exit_code, 1);
  EXPECT_EQ(cli("anna", {"whoami"}).exit_code, 0);
  EXPECT_EQ(cli("again", {"login", "anna"}, "a much better one").exit_code, 0);
  auto others = cli("anna", {"--json", "sessions", "end", "--others"});
  ASSERT_EQ(others.exit_code, 0) << others.err;
  EXPECT_EQ(json_line(others.out)["ended"], 1);
}

}  // namespace
}  // namespace souk::test
