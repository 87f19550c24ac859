#pragma once

// A world owned by one member, a stranger beside it, and every RPC soukd serves: the
// ground on which the authorization matrix calls each RPC with each kind of caller.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/visibility_fixture.hpp"
#include "support/descriptor_rpc.hpp"
#include "support/event_collector.hpp"

namespace souk::test {

// Words that only the owner's world holds. Whatever answers a caller without the right to
// it must carry none of them, in any field or error text.
inline const std::vector<std::string>& owner_secrets() {
  static const std::vector<std::string> secrets = {
      "hush-direct-text",  "hush-group-text",  "hush-group-reply",  "hush-live-text",
      "Hush Group Name",   "hush-file.txt",    "hush file content", "Hush Contact Group",
      "hush owner device", "hush-status-text", "dee.hidden",
  };
  return secrets;
}

constexpr const char* kOwnerFileContent = "hush file content";

// The owner's objects, as a request from anyone may name them.
struct OwnerIds {
  std::string owner;  // member IDs
  std::string partner;
  std::string asker;         // waits for the owner to answer their contact request
  std::string stranger_pal;  // the stranger's own contact
  int64_t direct = 0;        // the owner's direct chat with the partner
  int64_t direct_message = 0;
  int64_t direct_seq = 0;
  int64_t group = 0;
  int64_t group_message = 0;
  int64_t group_seq = 0;
  std::string group_client_msg_id;  // chosen by the owner's client
  int64_t contact_group = 0;
  std::string file_id;
  std::string upload_id;
  int64_t file_size = 0;
  std::string file_sha256;  // raw
  std::string session_id;   // one of the owner's sessions
};

// The same requests naming objects that were never made: what a stranger gets for the
// owner's must look exactly like this.
inline OwnerIds ghost_of(OwnerIds ids) {
  constexpr int64_t kNever = 9'000'000'000;
  ids.direct = ids.group = kNever;
  ids.direct_message = ids.group_message = kNever + 1;
  ids.contact_group = kNever + 2;
  ids.file_id = "fAAAAAAAAAAAAAAAA";
  ids.upload_id = "upload-that-never-was";
  ids.session_id = "0000000000000000";
  return ids;
}

// A refusal with the ids and numbers it names taken out, so that two refusals of different
// ids compare equal when they say the same thing.
inline std::string refusal_shape(const RpcOutcome& outcome, const std::vector<std::string>& ids) {
  std::string text = outcome.status.error_message();
  for (const auto& id : ids) {
    for (size_t at; !id.empty() && (at = text.find(id)) != std::string::npos;) {
      text.replace(at, id.size(), "<id>");
    }
  }
  std::string shape;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      if (shape.empty() || shape.back() != '#') shape += '#';
    } else {
      shape += text[i];
    }
  }
  return std::to_string(static_cast<int>(outcome.status.error_code())) + " " + shape;
}

// The secrets an answer carries, by name.
inline std::vector<std::string> leaked(const RpcOutcome& outcome) {
  const std::string bytes = outcome.all_bytes();
  std::vector<std::string> out;
  for (const auto& s : owner_secrets()) {
    if (bytes.find(s) != std::string::npos) out.push_back(s);
  }
  return out;
}

// Services soukd serves that need no session by design, and why.
inline const std::map<std::string, std::string>& open_services() {
  static const std::map<std::string, std::string> open = {
      {"grpc.health.v1.Health",
       "supervisors and load balancers probe it; it says SERVING or not, nothing of any member"},
      {"grpc.reflection.v1alpha.ServerReflection",
       "describes the API's schema, the .proto files published with Souk; no data"},
  };
  return open;
}

// RPCs that need no session by design, and why.
inline const std::map<std::string, std::string>& open_rpcs() {
  static const std::map<std::string, std::string> open = {
      {"souk.v1.AuthService.Register", "makes the account; nobody has a session before it"},
      {"souk.v1.AuthService.Login", "turns a member ID and password into a session"},
  };
  return open;
}

class AuthorizationTest : public VisibilityTest {
 protected:
  // The services soukd announces through server reflection: what a client can reach,
  // whether or not the test binary knows its descriptors.
  std::vector<std::string> served_services() {
    // ServerReflectionRequest{list_services: "*"}, field 7.
    auto outcome =
        call_rpc(channel(), "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                 {std::string("\x3a\x01*", 3)});
    EXPECT_TRUE(outcome.status.ok()) << outcome.status.error_message();
    std::vector<std::string> names;
    for (const auto& bytes : outcome.responses) {
      // ServerReflectionResponse.list_services_response (6) . service (1) . name (1)
      google::protobuf::UnknownFieldSet response;
      if (!response.ParseFromString(bytes)) continue;
      for (int i = 0; i < response.field_count(); ++i) {
        if (response.field(i).number() != 6) continue;
        google::protobuf::UnknownFieldSet list;
        list.ParseFromString(response.field(i).length_delimited());
        for (int j = 0; j < list.field_count(); ++j) {
          google::protobuf::UnknownFieldSet service;
          service.ParseFromString(list.field(j).length_delimited());
          if (service.field_count() > 0) names.push_back(service.field(0).length_delimited());
        }
      }
    }
    return names;
  }

  // Every RPC soukd serves that needs a session: the methods of each served service, from
  // the descriptors of the test binary's generated code. A served service the binary has
  // no descriptor for fails here, so nothing soukd serves escapes the matrix.
  std::vector<const google::protobuf::MethodDescriptor*> guarded_rpcs() {
    std::vector<const google::protobuf::MethodDescriptor*> out;
    const auto services = served_services();
    EXPECT_GE(services.size(), 6u) << "reflection listed too little to trust";
    for (const auto& name : services) {
      if (open_services().count(name) != 0) continue;
      const auto* service =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
      if (service == nullptr) {
        ADD_FAILURE() << "soukd serves " << name
                      << ", which the test has no descriptor for: link its proto into "
                         "integration_tests and give its RPCs cases";
        continue;
      }
      for (int m = 0; m < service->method_count(); ++m) {
        if (open_rpcs().count(service->method(m)->full_name()) == 0) {
          out.push_back(service->method(m));
        }
      }
    }
    return out;
  }

  std::shared_ptr<grpc::Channel> channel() {
    if (!channel_) channel_ = *client::open_channel({server_->address(), ""});
    return channel_;
  }
  // After a restart the old channel points at a port nobody listens on.
  void forget_channel() { channel_.reset(); }

  // The owner (a buyer) with a direct chat, a group, a file shared in it, contacts in a
  // group of their own and a contact request waiting; the stranger (a seller) with a
  // contact and a chat of their own, in none of the owner's.
  void build_world() {
    ids_.owner = "anna.owner";
    ids_.partner = "bob.partner";
    ids_.asker = "eve.asker";
    ids_.stranger_pal = "sam.shop";
    ASSERT_TRUE(auth_client().register_account(buyer(ids_.owner, "Anna")).ok());
    owner_ = login_on(ids_.owner, "hush owner device");
    partner_ = seller(ids_.partner);
    hidden_ = seller("dee.hidden");
    pal_ = seller(ids_.stranger_pal);
    stranger_ = seller("carl.stranger");
    const auto asker = member(ids_.asker);

    v1::ContactGroupRequest create;
    create.set_action(v1::ContactGroupRequest::ACTION_CREATE);
    create.set_name("Hush Contact Group");
    auto group = contacts(owner_).edit_group(create);
    ASSERT_TRUE(group.ok()) << group.status().message();
    ids_.contact_group = group->group().id();
    for (const auto& id : {ids_.partner, std::string("dee.hidden")}) {
      v1::AddContactRequest add;
      add.set_member_id(id);
      add.set_group_id(ids_.contact_group);
      ASSERT_TRUE(contacts(owner_).add(add).ok());
    }
    v1::AddContactRequest ask;
    ask.set_member_id(ids_.owner);
    ASSERT_TRUE(contacts(asker).add(ask).ok());

    auto direct = chat(owner_).send(text_to(ids_.partner, "hush-direct-text"));
    ASSERT_TRUE(direct.ok()) << direct.status().message();
    ids_.direct = direct->message().conversation_id();
    ids_.direct_message = direct->message().id();
    ids_.direct_seq = direct->message().seq();

    ids_.group = create_group(owner_, "Hush Group Name", {ids_.partner, "dee.hidden"});
    const std::string content = kOwnerFileContent;
    ids_.upload_id = "anna-upload-1";
    ids_.file_size = static_cast<int64_t>(content.size());
    ids_.file_sha256 = souk::sha256(content);
    auto file = files(owner_).upload(
        {ids_.upload_id, "hush-file.txt", ids_.file_size, "text/plain", ids_.file_sha256},
        [&](int64_t offset, char* out, size_t n) -> Result<size_t> {
          n = std::min(n, content.size() - static_cast<size_t>(offset));
          std::copy_n(content.data() + offset, n, out);
          return n;
        });
    ASSERT_TRUE(file.ok()) << file.status().message();
    ids_.file_id = file->file_id();
    const auto posted = post(owner_, ids_.group, "hush-group-text", {ids_.file_id});
    ids_.group_message = posted.id();
    ids_.group_seq = posted.seq();
    ids_.group_client_msg_id = posted.client_msg_id();
    post(partner_, ids_.group, "hush-group-reply");

    auto sessions = auth_client(owner_).sessions();
    ASSERT_TRUE(sessions.ok() && sessions->sessions_size() == 1);
    ids_.session_id = sessions->sessions(0).id();

    v1::AddContactRequest pal;
    pal.set_member_id(ids_.stranger_pal);
    ASSERT_TRUE(contacts(stranger_).add(pal).ok());
    ASSERT_TRUE(chat(pal_).send(text_to("carl.stranger", "hello from the shop")).ok());
  }

  // The owner online with a status text, which only their contacts may read; true once
  // soukd shows it.
  bool owner_online(std::unique_ptr<EventCollector>& stream) {
    stream = std::make_unique<EventCollector>(server_->address(), owner_);
    v1::SetPresenceRequest busy;
    busy.set_state(v1::PRESENCE_BUSY);
    busy.set_status_text("hush-status-text");
    for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
         std::chrono::steady_clock::now() < deadline;
         std::this_thread::sleep_for(std::chrono::milliseconds(50))) {
      auto shown = contacts(owner_).set_presence(busy);
      if (shown.ok() && shown->presence().state() == v1::PRESENCE_BUSY) return true;
    }
    return false;
  }

  // What the owner sees of their world, apart from the timelines that the live part of
  // the matrix adds to: a stranger's calls must leave it as it was.
  std::string owner_view() {
    std::string view;
    auto listed = contacts(owner_).list();
    EXPECT_TRUE(listed.ok());
    if (listed.ok()) {
      for (const auto& g : listed->groups()) view += "group " + g.name() + ";";
      for (const auto& c : listed->contacts()) {
        view += "contact " + c.user().member_id() + "@" + std::to_string(c.group_id()) + ";";
      }
      for (const auto& r : listed->incoming_requests()) view += "asks " + r.member_id() + ";";
      for (const auto& b : listed->blocked()) view += "blocked " + b + ";";
    }
    for (const auto& m : roster(owner_, ids_.group)) view += "member " + m + ";";
    if (auto g = listed_group(); g) {
      view += "chat " + g->name() + " " + g->owner_member_id() + " " +
              std::to_string(g->member_count()) + " " + std::to_string(g->history_visibility());
    }
    auto shared = listed_files(owner_, ids_.group);
    if (shared.ok()) {
      for (const auto& f : *shared) view += " file " + f;
    }
    auto sessions = auth_client(owner_).sessions();
    if (sessions.ok()) {
      for (const auto& s : sessions->sessions()) view += " session " + s.id();
    }
    return view;
  }

  std::optional<v1::GroupChat> listed_group() { return listed(owner_, ids_.group); }

  OwnerIds ids_;
  std::string owner_, partner_, hidden_, pal_, stranger_;

 private:
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace souk::test
