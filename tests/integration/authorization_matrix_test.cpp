// The authorization matrix: every RPC soukd serves, read from the proto descriptors, called
// with no token, an expired token, a logged-out token, the token of a session ended by a
// password change, and the token of a stranger naming the owner's conversations, messages,
// files, groups and contact groups. Bad tokens get UNAUTHENTICATED everywhere; the stranger
// gets NOT_FOUND (as for what never existed) or a refusal, and no answer carries any of the
// owner's words. A new RPC without a case fails the matrix.
#include <set>
#include <string>
#include <vector>

#include "integration/authorization_cases.hpp"
#include "support/wait_until.hpp"

namespace souk::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSentinel = "sentinel for the stranger";
constexpr const char* kNewPassword = "a brand new passphrase";

class AuthorizationMatrix : public AuthorizationTest {
 protected:
  std::vector<MatrixCase> all_cases() {
    std::vector<MatrixCase> all;
    for (auto part : {auth_cases(), chat_cases(), contact_cases(), group_cases(),
                      translation_cases(), file_cases()}) {
      all.insert(all.end(), part.begin(), part.end());
    }
    all.push_back(subscribe_case());
    return all;
  }

  std::vector<MatrixCase> cases_for(const google::protobuf::MethodDescriptor& method) {
    std::vector<MatrixCase> out;
    for (auto& c : all_cases()) {
      if (c.rpc == method.full_name()) out.push_back(std::move(c));
    }
    return out;
  }

  // The caller's own stream, open while the owner's group talks and types: it must carry
  // none of it, up to a message for the caller that comes after all of it.
  MatrixCase subscribe_case() {
    auto c =
        own("souk.v1.ChatService.Subscribe", "the caller's events while the owner's chats go on",
            [](const OwnerIds&) { return frame(v1::SubscribeRequest{}); });
    c.stays_open = true;
    c.on_response = [this](const std::string& bytes, size_t index) {
      if (index == 0) owner_world_goes_on();
      return bytes.find(kSentinel) == std::string::npos;
    };
    return c;
  }

  void owner_world_goes_on() {
    post(partner_, ids_.group, "hush-live-text");
    for (auto [token, conversation] :
         {std::pair{partner_, ids_.group}, std::pair{owner_, ids_.direct}}) {
      v1::SetTypingRequest typing;
      *typing.mutable_conversation() = conversation_ref(conversation);
      typing.set_typing(true);
      EXPECT_TRUE(chat(token).set_typing(typing).ok());
    }
    EXPECT_TRUE(chat(pal_).send(text_to("carl.stranger", kSentinel)).ok());
  }

  RpcOutcome call(const MatrixCase& c, const google::protobuf::MethodDescriptor& method,
                  const OwnerIds& ids, const std::string& token, bool watch = false) {
    RpcCallOptions options;
    options.token = token;
    options.close_sending = !c.stays_open;
    if (watch) options.on_response = c.on_response;
    return call_rpc(channel(), method, c.requests(ids), options);
  }

  static std::vector<std::string> ids_named(const OwnerIds& ids) {
    return {ids.file_id, ids.upload_id, ids.session_id};
  }

  // Waits until the session has expired, as soukd sees it.
  bool expired(const std::string& token) {
    return wait_until(
        [&] {
          auto who = auth_client(token).whoami();
          return !who.ok() && who.status().message().find("expired") != std::string::npos;
        },
        30s, 50ms);
  }
};

std::string describe(const MatrixCase& c, const RpcOutcome& got) {
  return c.rpc + " (" + c.what + "): " + std::to_string(static_cast<int>(got.status.error_code())) +
         " " + got.status.error_message();
}

TEST_F(AuthorizationMatrix, EveryRpcSoukdServesHasACaseOrAReasonToNeedNoSession) {
  std::set<std::string> guarded;
  for (const auto* method : guarded_rpcs()) {
    guarded.insert(method->full_name());
    EXPECT_FALSE(cases_for(*method).empty())
        << method->full_name()
        << " has no case in the authorization matrix: add one to authorization_cases.hpp, or "
           "name it in open_rpcs() with the reason it needs no session";
  }
  for (const auto& c : all_cases()) {
    EXPECT_EQ(guarded.count(c.rpc), 1u) << "a case for an RPC soukd does not serve: " << c.rpc;
  }
  for (const auto& [rpc, why] : open_rpcs()) {
    EXPECT_NE(google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(rpc), nullptr)
        << rpc << " is open (" << why << ") but no longer exists";
  }
  // Six services of Souk's own, each guarded: none is open as a whole.
  EXPECT_GE(guarded.size(), 40u);
}

TEST_F(AuthorizationMatrix, AStrangerNamingTheOwnersThingsGetsNothingOfThem) {
  build_world();
  std::unique_ptr<EventCollector> owner_stream;
  ASSERT_TRUE(owner_online(owner_stream));
  const auto before = owner_view();
  const OwnerIds ghost = ghost_of(ids_);
  for (const auto* method : guarded_rpcs()) {
    const auto cases = cases_for(*method);
    EXPECT_FALSE(cases.empty()) << method->full_name() << " was not called";
    for (const auto& c : cases) {
      const auto token = c.ends_session ? another_device("carl.stranger") : stranger_;
      const auto got = call(c, *method, ids_, token, /*watch=*/true);
      EXPECT_EQ(leaked(got), std::vector<std::string>{}) << describe(c, got);
      if (c.stays_open) {
        EXPECT_TRUE(got.stopped) << "the stream ended before the caller's own message came: "
                                 << describe(c, got);
        continue;
      }
      EXPECT_EQ(got.status.error_code(), c.stranger) << describe(c, got);
      if (!c.as_if_missing) continue;
      const auto never = call(c, *method, ghost, token);
      EXPECT_EQ(refusal_shape(got, ids_named(ids_)), refusal_shape(never, ids_named(ghost)))
          << c.rpc << " (" << c.what << ") tells the owner's things from things never made";
    }
  }
  EXPECT_EQ(owner_view(), before) << "a stranger's call changed the owner's world";
}

TEST_F(AuthorizationMatrix, EveryRpcRefusesATokenWithoutALiveSession) {
  build_world();
  const auto laptop = login_on(ids_.owner, "laptop");
  const auto gone = login_on(ids_.owner, "gone");
  ASSERT_TRUE(auth_client(gone).logout().ok());
  ASSERT_TRUE(auth_client(owner_).change_password(kPassword, kNewPassword).ok());
  // A session that lives one second, from a soukd configured so; the others keep the
  // lifetime they were given.
  stop_server(SIGTERM);
  forget_channel();
  start(server_args({"--session-ttl-seconds", "1"}));
  const auto soon_expired = login_on(ids_.owner, "soon expired", kNewPassword);
  ASSERT_TRUE(expired(soon_expired));
  const auto before = owner_view();

  struct BadToken {
    std::string kind, token, says;
  };
  const std::vector<BadToken> bad = {{"no token", "", "needs a session token"},
                                     {"an expired token", soon_expired, "expired"},
                                     {"a logged-out token", gone, "not valid"},
                                     {"a token ended by a password change", laptop, "not valid"}};
  for (const auto* method : guarded_rpcs()) {
    const auto cases = cases_for(*method);
    EXPECT_FALSE(cases.empty()) << method->full_name() << " was not called";
    for (const auto& c : cases) {
      for (const auto& [kind, token, says] : bad) {
        const auto got = call(c, *method, ids_, token);
        EXPECT_EQ(got.status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
            << kind << ": " << describe(c, got);
        EXPECT_NE(got.status.error_message().find(says), std::string::npos)
            << kind << ": " << describe(c, got);
        EXPECT_TRUE(got.responses.empty()) << kind << ": " << describe(c, got);
        EXPECT_EQ(leaked(got), std::vector<std::string>{}) << kind << ": " << describe(c, got);
      }
    }
  }
  EXPECT_EQ(owner_view(), before) << "a call without a session changed the owner's world";
}

}  // namespace
}  // namespace souk::test
