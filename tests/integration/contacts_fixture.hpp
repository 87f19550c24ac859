#pragma once

#include "client/core/contact_client.hpp"
#include "integration/fixture.hpp"

namespace souk::test {

// Contacts and presence against a real soukd with a short grace period.
class ContactsTest : public SoukdTest {
 protected:
  void SetUp() override { start({"--presence-grace-seconds", "1"}); }

  client::ContactClient contacts(const std::string& token) {
    return client::ContactClient(*client::open_channel({server_->address(), ""}), token);
  }

  static v1::AddContactRequest add(const std::string& id) {
    v1::AddContactRequest r;
    r.set_member_id(id);
    return r;
  }

  static v1::AnswerRequestRequest answer(const std::string& id, bool accept) {
    v1::AnswerRequestRequest r;
    r.set_member_id(id);
    r.set_accept(accept);
    return r;
  }

  static v1::BlockRequest block(const std::string& id, bool blocked) {
    v1::BlockRequest r;
    r.set_member_id(id);
    r.set_blocked(blocked);
    return r;
  }

  static v1::SetPresenceRequest presence(v1::PresenceState state, const std::string& text = "") {
    v1::SetPresenceRequest r;
    r.set_state(state);
    r.set_status_text(text);
    return r;
  }

  // The presence of `member` as seen in `events`, latest first; nullopt if none came.
  static std::optional<v1::Presence> last_presence(const std::vector<v1::Event>& events,
                                                   const std::string& member) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->has_presence() && it->presence().member_id() == member) return it->presence();
    }
    return std::nullopt;
  }

  static EventCollector::Predicate shows(const std::string& member, v1::PresenceState state) {
    return [member, state](const std::vector<v1::Event>& events) {
      auto p = last_presence(events, member);
      return p && p->state() == state;
    };
  }

  static bool has_contact_event(const std::vector<v1::Event>& events, v1::ContactEvent::Kind kind,
                                const std::string& member) {
    for (const auto& e : events) {
      if (e.has_contact() && e.contact().kind() == kind && e.contact().member_id() == member) {
        return true;
      }
    }
    return false;
  }
};

}  // namespace souk::test
