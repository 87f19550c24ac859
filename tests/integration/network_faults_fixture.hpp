#pragma once

#include <memory>
#include <string>
#include <vector>

#include "client/core/contact_client.hpp"
#include "integration/core_fixture.hpp"
#include "support/fault_proxy.hpp"
#include "support/wait_until.hpp"

namespace souk::test {

// A real soukd, and a fault proxy in front of it through which the client under test
// reaches it. Everyone else talks to soukd directly, so what they see is the truth.
class NetworkFaultsTest : public CoreTest {
 protected:
  using Direction = FaultProxy::Direction;

  void SetUp() override {}  // each test starts soukd with the settings it is about

  void start_behind_proxy(std::vector<std::string> args = {}) {
    start(std::move(args));
    proxy_ = std::make_unique<FaultProxy>(server_->address());
  }
  void start_measured_behind_proxy(std::vector<std::string> args) {
    start_measured(std::move(args));
    proxy_ = std::make_unique<FaultProxy>(server_->address());
  }

  // The messages of `chat` that `sender` wrote, in the order shown.
  static std::vector<std::string> texts_from(const client::Chat* chat, const std::string& sender) {
    std::vector<std::string> out;
    if (chat == nullptr) return out;
    for (const auto& m : chat->messages) {
      if (m.sender == sender) out.push_back(m.text);
    }
    return out;
  }

  // Makes `member` a contact of the holder of `token` (through soukd directly).
  void add_contact(const std::string& token, const std::string& member) {
    v1::AddContactRequest r;
    r.set_member_id(member);
    auto added =
        client::ContactClient(*client::open_channel({server_->address(), ""}), token).add(r);
    ASSERT_TRUE(added.ok()) << added.status().message();
  }

  // The presence changes of `member` in `events`, in order.
  static std::vector<v1::PresenceState> presence_of(const std::vector<v1::Event>& events,
                                                    const std::string& member) {
    std::vector<v1::PresenceState> out;
    for (const auto& e : events) {
      if (e.has_presence() && e.presence().member_id() == member) {
        out.push_back(e.presence().state());
      }
    }
    return out;
  }
  static EventCollector::Predicate shows(const std::string& member, v1::PresenceState state) {
    return [member, state](const std::vector<v1::Event>& events) {
      const auto states = presence_of(events, member);
      return !states.empty() && states.back() == state;
    };
  }

  std::unique_ptr<FaultProxy> proxy_;
};

}  // namespace souk::test
