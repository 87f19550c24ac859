// Account, contact and presence commands. Each posts its work to the worker thread;
// results come back as store updates.
#include "client/core/commands.hpp"

#include "client/core/connection.hpp"
#include "client/core/store_updates.hpp"

namespace souk::client {

namespace {

void report(Connection& c, std::string InlineErrors::*slot, const std::string& why) {
  c.ui().post([slot, why](Store& s) { s.errors.*slot = why; });
}

// A change to the contact list: on success the list is fetched again (other devices learn
// of it through the event stream).
template <class Call>
void contacts_change(Connection& c, Call call) {
  c.post([&c, call] {
    if (!c.online()) return report(c, &InlineErrors::contacts, kOfflineWords);
    Status status = call(c.contacts());
    if (!status.ok()) {
      if (!c.handle_failure(status)) report(c, &InlineErrors::contacts, status.message());
      return;
    }
    report(c, &InlineErrors::contacts, "");
    c.refresh_contacts();
  });
}

}  // namespace

void Commands::login(const LoginForm& form) {
  store_.errors.login.clear();
  store_.connection.phase = ConnectionState::Phase::kSigningIn;
  store_.connection.server = form.server;
  connection_.post([&c = connection_, form] { c.login(form); });
}

void Commands::register_account(const RegisterForm& form) {
  store_.errors.login.clear();
  store_.connection.phase = ConnectionState::Phase::kSigningIn;
  store_.connection.server = form.login.server;
  connection_.post([&c = connection_, form] { c.register_and_login(form); });
}

void Commands::logout() {
  connection_.post([&c = connection_] { c.logout(); });
}

void Commands::reconnect_now() {
  connection_.post([&c = connection_] { c.reconnect_now(); });
}

void Commands::search(const std::string& query) {
  store_.search.query = query;
  store_.search.in_flight = true;
  store_.search.error.clear();
  store_.search.add_outcome.clear();
  store_.search.add_error.clear();
  connection_.aside([&c = connection_, query](const auto& channel, const auto& token) {
    auto finish = [&c, query](std::vector<MemberCard> found, std::string error) {
      c.ui().post([query, found = std::move(found), error](Store& s) {
        if (s.search.query != query) return;  // the user typed on
        s.search.in_flight = false;
        s.search.results = found;
        s.search.error = error;
      });
    };
    if (!channel) return finish({}, kOfflineWords);
    v1::SearchUsersRequest request;
    request.set_query(query);
    auto reply = ContactClient(channel, token).search(request);
    if (!reply) {
      c.handle_failure_later(reply.status(), channel);
      return finish({}, reply.status().message());
    }
    std::vector<MemberCard> found;
    for (const auto& u : reply->users()) found.push_back(card_from(u));
    // Worded before `found` is moved: argument order is unspecified.
    std::string none = found.empty() ? "No member matches '" + query + "'" : "";
    finish(std::move(found), std::move(none));
  });
}

void Commands::add_contact(const std::string& member_id, int64_t group_id) {
  store_.search.add_outcome.clear();
  store_.search.add_error.clear();
  connection_.post([&c = connection_, member_id, group_id] {
    auto finish = [&c, member_id](std::string outcome, std::string error,
                                  v1::AddContactResponse::Outcome done = {}) {
      c.ui().post([outcome, error, member_id, done](Store& s) {
        s.search.add_outcome = outcome;
        s.search.add_error = error;
        // The card says so at once, before the contact list is fetched again.
        for (auto& card : s.search.results) {
          if (card.member_id != member_id) continue;
          card.is_contact |= done == v1::AddContactResponse::OUTCOME_ADDED;
          card.request_pending |= done == v1::AddContactResponse::OUTCOME_REQUEST_SENT;
        }
      });
    };
    if (!c.online()) return finish("", kOfflineWords);
    v1::AddContactRequest request;
    request.set_member_id(member_id);
    request.set_group_id(group_id);
    auto reply = c.contacts().add(request);
    if (!reply) {
      c.handle_failure(reply.status());
      return finish("", reply.status().message());
    }
    const std::string name =
        reply->contact().display_name().empty() ? member_id : reply->contact().display_name();
    finish(reply->outcome() == v1::AddContactResponse::OUTCOME_REQUEST_SENT
               ? "Request sent to " + name + "; they need to accept it"
               : "Added " + name + " to your contacts",
           "", reply->outcome());
    c.refresh_contacts();
  });
}

void Commands::answer_request(const std::string& member_id, bool accept) {
  contacts_change(connection_, [member_id, accept](ContactClient& contacts) {
    v1::AnswerRequestRequest request;
    request.set_member_id(member_id);
    request.set_accept(accept);
    return contacts.answer_request(request);
  });
}

void Commands::remove_contact(const std::string& member_id) {
  contacts_change(connection_, [member_id](ContactClient& contacts) {
    v1::RemoveContactRequest request;
    request.set_member_id(member_id);
    return contacts.remove(request);
  });
}

void Commands::cancel_request(const std::string& member_id) {
  contacts_change(connection_, [member_id](ContactClient& contacts) {
    v1::RemoveContactRequest request;
    request.set_member_id(member_id);
    request.set_request_only(true);
    return contacts.remove(request);
  });
}

void Commands::block(const std::string& member_id, bool blocked) {
  contacts_change(connection_, [member_id, blocked](ContactClient& contacts) {
    v1::BlockRequest request;
    request.set_member_id(member_id);
    request.set_blocked(blocked);
    return contacts.block(request);
  });
}

namespace {

v1::ContactGroupRequest group_request(v1::ContactGroupRequest::Action action, int64_t group_id) {
  v1::ContactGroupRequest request;
  request.set_action(action);
  request.set_group_id(group_id);
  return request;
}

}  // namespace

void Commands::move_contact(const std::string& member_id, int64_t group_id) {
  auto request = group_request(v1::ContactGroupRequest::ACTION_MOVE_CONTACT, group_id);
  request.set_member_id(member_id);
  contacts_change(connection_, [request](ContactClient& contacts) {
    return contacts.edit_group(request).status();
  });
}

void Commands::create_contact_group(const std::string& name) {
  auto request = group_request(v1::ContactGroupRequest::ACTION_CREATE, 0);
  request.set_name(name);
  contacts_change(connection_, [request](ContactClient& contacts) {
    return contacts.edit_group(request).status();
  });
}

void Commands::rename_contact_group(int64_t group_id, const std::string& name) {
  auto request = group_request(v1::ContactGroupRequest::ACTION_RENAME, group_id);
  request.set_name(name);
  contacts_change(connection_, [request](ContactClient& contacts) {
    return contacts.edit_group(request).status();
  });
}

void Commands::delete_contact_group(int64_t group_id) {
  auto request = group_request(v1::ContactGroupRequest::ACTION_DELETE, group_id);
  contacts_change(connection_, [request](ContactClient& contacts) {
    return contacts.edit_group(request).status();
  });
}

void Commands::set_presence(v1::PresenceState state, const std::string& status_text) {
  store_.me.presence = state;
  store_.me.status_text = status_text;
  store_.errors.presence.clear();
  connection_.post([&c = connection_, state, status_text] {
    if (!c.online()) return report(c, &InlineErrors::presence, kOfflineWords);
    v1::SetPresenceRequest request;
    request.set_state(state);
    request.set_status_text(status_text);
    auto reply = c.contacts().set_presence(request);
    if (!reply && !c.handle_failure(reply.status())) {
      report(c, &InlineErrors::presence, reply.status().message());
    }
  });
}

void Commands::report_activity() {
  const auto now = std::chrono::steady_clock::now();
  if (now - activity_sent_ < std::chrono::seconds(30)) return;
  activity_sent_ = now;
  connection_.post([&c = connection_] {
    if (c.online()) (void)c.contacts().report_activity();
  });
}

void Commands::set_setting(const std::string& key, const std::string& value) {
  store_.settings[key] = value;
  connection_.post([&c = connection_, key, value] {
    if (c.cache() != nullptr) c.cache()->set_setting(key, value);
  });
}

}  // namespace souk::client
