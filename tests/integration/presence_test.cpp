// Presence from live streams: grace period, SIGKILLed clients, invisible, chosen states.
#include <fcntl.h>

#include "integration/contacts_fixture.hpp"

namespace souk::test {
namespace {

class Presence : public ContactsTest {
 protected:
  // One timer announces every grace period that ran out, a tick at a time, ticks one after
  // another. A stream cut once the previous offline was seen goes offline in a later tick
  // than it; so after two such rounds of `sentinel`, a contact of the watcher, whatever
  // offline was due before the first cut has been told. A barrier, instead of a wait to
  // see that nothing comes.
  void presence_ticks_past(EventCollector& watcher, const std::string& sentinel_token,
                           const std::string& sentinel) {
    for (int round = 0; round < 2; ++round) {
      {
        EventCollector stream(server_->address(), sentinel_token);
        ASSERT_TRUE(watcher.wait_for(shows(sentinel, v1::PRESENCE_ONLINE))) << round;
      }
      ASSERT_TRUE(watcher.wait_for(shows(sentinel, v1::PRESENCE_OFFLINE), std::chrono::seconds(40)))
          << round;
    }
  }
};

TEST_F(Presence, ContactsSeeOnlineBusyAndTheStatusText) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  ASSERT_TRUE(contacts(anna).add(add("seller.li")).ok());
  EventCollector anna_stream(server_->address(), anna);
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_OFFLINE)))
      << "the snapshot on subscribe covers every contact";

  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_ONLINE)));
  auto set = contacts(li).set_presence(presence(v1::PRESENCE_BUSY, "at the Canton fair"));
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_BUSY)));
  EXPECT_EQ(last_presence(anna_stream.events(), "seller.li")->status_text(), "at the Canton fair");
  auto list = contacts(anna).list();
  EXPECT_EQ(list->contacts(0).user().presence().state(), v1::PRESENCE_BUSY)
      << "ListContacts carries the same snapshot";
}

TEST_F(Presence, QuickReconnectShowsNoOfflineBlip) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  const auto wu = seller("seller.wu");
  ASSERT_TRUE(contacts(anna).add(add("seller.li")).ok());
  ASSERT_TRUE(contacts(anna).add(add("seller.wu")).ok());
  EventCollector anna_stream(server_->address(), anna);
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.wu", v1::PRESENCE_OFFLINE)));
  {
    EventCollector first(server_->address(), li);
    ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_ONLINE)));
  }
  EventCollector again(server_->address(), li);  // well inside the 1 s grace
  presence_ticks_past(anna_stream, wu, "seller.wu");
  if (HasFatalFailure()) return;
  int offline_after_online = 0;
  bool seen_online = false;
  for (const auto& e : anna_stream.events()) {
    if (!e.has_presence() || e.presence().member_id() != "seller.li") continue;
    if (e.presence().state() == v1::PRESENCE_ONLINE) seen_online = true;
    if (seen_online && e.presence().state() == v1::PRESENCE_OFFLINE) ++offline_after_online;
  }
  EXPECT_EQ(offline_after_online, 0);
}

TEST_F(Presence, KilledClientGoesOfflineAfterTheGracePeriod) {
  const auto anna = member("anna");
  seller("seller.li");
  ASSERT_TRUE(contacts(anna).add(add("seller.li")).ok());
  EventCollector anna_stream(server_->address(), anna);

  // A real souk-cli process holding a stream, killed without a goodbye.
  ASSERT_EQ(cli("li", {"login", "seller.li"}).exit_code, 0);
  // Made before the fork: the child of a threaded process must not allocate.
  const std::string profile = (dir_ / "profile-li").string();
  const pid_t watcher = ::fork();
  if (watcher == 0) {
    const int quiet = ::open("/dev/null", O_WRONLY);
    ::dup2(quiet, 1);
    ::execl(SOUK_CLI_PATH, SOUK_CLI_PATH, "--server", server_->address().c_str(), "--profile",
            profile.c_str(), "watch", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_ONLINE)));
  const auto killed_at = std::chrono::steady_clock::now();
  ::kill(watcher, SIGKILL);
  ::waitpid(watcher, nullptr, 0);
  ASSERT_TRUE(
      anna_stream.wait_for(shows("seller.li", v1::PRESENCE_OFFLINE), std::chrono::seconds(40)));
  const auto took = std::chrono::steady_clock::now() - killed_at;
  EXPECT_GE(took, std::chrono::milliseconds(900)) << "not before the grace period";
  EXPECT_GT(last_presence(anna_stream.events(), "seller.li")->last_seen_ms(), 0);
}

TEST_F(Presence, InvisibleLooksOfflineToEveryone) {
  const auto anna = member("anna");
  const auto li = seller("seller.li");
  ASSERT_TRUE(contacts(anna).add(add("seller.li")).ok());
  EventCollector anna_stream(server_->address(), anna);
  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_ONLINE)));

  auto hidden = contacts(li).set_presence(presence(v1::PRESENCE_INVISIBLE));
  ASSERT_TRUE(hidden.ok());
  EXPECT_EQ(hidden->presence().state(), v1::PRESENCE_OFFLINE) << "what others now see";
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_OFFLINE)));
  EXPECT_EQ(last_presence(anna_stream.events(), "seller.li")->last_seen_ms(), 0)
      << "not even a last-seen time";
  v1::SearchUsersRequest search;
  search.set_query("seller.li");
  EXPECT_EQ(contacts(anna).search(search)->users(0).presence().state(), v1::PRESENCE_OFFLINE);
  // A message still gets through: invisible is not away.
  EXPECT_TRUE(chat(anna).send(text_to("seller.li", "hi")).ok());
  ASSERT_TRUE(li_stream.wait_for_messages(1));

  ASSERT_TRUE(contacts(li).set_presence(presence(v1::PRESENCE_ONLINE)).ok());
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_ONLINE)));
}

TEST_F(Presence, NonContactsReceiveNoPresenceAtAll) {
  const auto anna = member("anna");
  const auto stranger = member("stranger");
  const auto li = seller("seller.li");
  ASSERT_TRUE(contacts(anna).add(add("seller.li")).ok());
  EventCollector stranger_stream(server_->address(), stranger);
  EventCollector anna_stream(server_->address(), anna);
  EventCollector li_stream(server_->address(), li);
  ASSERT_TRUE(contacts(li).set_presence(presence(v1::PRESENCE_BUSY)).ok());
  ASSERT_TRUE(anna_stream.wait_for(shows("seller.li", v1::PRESENCE_BUSY)));
  // The stranger's own message reaches their stream after anything published to it
  // before, presence included: once it is in, a leak would be in too.
  ASSERT_TRUE(chat(stranger).send(text_to("seller.li", "after the busy")).ok());
  ASSERT_TRUE(stranger_stream.wait_for_messages(1));
  for (const auto& e : stranger_stream.events()) EXPECT_FALSE(e.has_presence());
}

}  // namespace
}  // namespace souk::test
