// Bad input gets a precise status and a human message, and changes nothing.
#include "integration/fixture.hpp"

namespace souk::test {
namespace {

class AuthErrors : public SoukdTest {
 protected:
  void expect_refused(const v1::RegisterRequest& request, Code code, const std::string& words) {
    const auto accounts_before = count_rows("accounts");
    auto result = auth_client().register_account(request);
    ASSERT_FALSE(result.ok()) << "accepted " << request.ShortDebugString();
    EXPECT_EQ(result.status().code(), code) << result.status().message();
    EXPECT_NE(result.status().message().find(words), std::string::npos)
        << result.status().message();
    EXPECT_EQ(count_rows("accounts"), accounts_before);
  }
};

TEST_F(AuthErrors, DuplicateIdInDifferentCase) {
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  expect_refused(buyer("ANNA"), Code::kAlreadyExists, "taken");
  auto cli_result = cli("x", {"register", "Anna", "--name", "Another Anna"});
  EXPECT_EQ(cli_result.exit_code, 1);
  EXPECT_NE(cli_result.err.find("ALREADY_EXISTS"), std::string::npos) << cli_result.err;
}

TEST_F(AuthErrors, DisplayNameMustBeCleanUtf8) {
  expect_refused(buyer("anna", "Anna\xC3"), Code::kInvalidArgument, "UTF-8");
  expect_refused(buyer("anna", "Anna\nKowalska"), Code::kInvalidArgument, "control characters");
  expect_refused(buyer("anna", ""), Code::kInvalidArgument, "empty");
  expect_refused(buyer("anna", std::string(65, 'x')), Code::kInvalidArgument, "64");
  EXPECT_TRUE(auth_client().register_account(buyer("anna", "Żaneta Łódź 李")).ok());
}

TEST_F(AuthErrors, MemberIdSyntax) {
  expect_refused(buyer("ab"), Code::kInvalidArgument, "3 to 32");
  expect_refused(buyer(std::string(33, 'a')), Code::kInvalidArgument, "3 to 32");
  expect_refused(buyer("anna k"), Code::kInvalidArgument, "a-z");
  expect_refused(buyer("anna@shop"), Code::kInvalidArgument, "a-z");
}

TEST_F(AuthErrors, SellerNeedsAShopAndPasswordsAreLongEnough) {
  auto seller = buyer("seller.x");
  seller.set_role(v1::ROLE_SELLER);
  expect_refused(seller, Code::kInvalidArgument, "shop name");
  auto weak = buyer("weak");
  weak.set_password("1234567");
  expect_refused(weak, Code::kInvalidArgument, "at least 8");
  auto no_role = buyer("norole");
  no_role.set_role(v1::ROLE_UNSPECIFIED);
  expect_refused(no_role, Code::kInvalidArgument, "role");
  auto cli_result = cli("s", {"register", "seller.y", "--name", "Y", "--seller"});
  EXPECT_EQ(cli_result.exit_code, 1);
  EXPECT_NE(cli_result.err.find("shop name"), std::string::npos) << cli_result.err;
}

TEST_F(AuthErrors, WrongPasswordAndUnknownIdLookTheSame) {
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  auto wrong = auth_client().login(login_request("anna", "wrong password"));
  auto unknown = auth_client().login(login_request("nobody.here"));
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(unknown.status().code(), wrong.status().code());
  EXPECT_EQ(unknown.status().message(), wrong.status().message());
  EXPECT_EQ(count_rows("sessions"), 0);
}

TEST_F(AuthErrors, FiveFailuresThrottleEvenTheRightPassword) {
  ASSERT_TRUE(auth_client().register_account(buyer("anna")).ok());
  for (int i = 0; i < 5; ++i) {
    auto r = auth_client().login(login_request("anna", "guess " + std::to_string(i)));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), Code::kUnauthenticated) << "attempt " << i;
  }
  auto throttled = auth_client().login(login_request("ANNA"));
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.status().code(), Code::kResourceExhausted);
  EXPECT_NE(throttled.status().message().find("try again in 15 minutes"), std::string::npos)
      << throttled.status().message();
  EXPECT_EQ(count_rows("sessions"), 0);
  // Another member is not affected.
  ASSERT_TRUE(auth_client().register_account(buyer("bob")).ok());
  EXPECT_TRUE(auth_client().login(login_request("bob")).ok());
}

TEST_F(AuthErrors, CallsWithoutAValidTokenAreUnauthenticated) {
  for (const std::string& token :
       std::vector<std::string>{"", "not-a-real-token", std::string(43, 'A')}) {
    auto who = auth_client(token).whoami();
    ASSERT_FALSE(who.ok());
    EXPECT_EQ(who.status().code(), Code::kUnauthenticated) << "token '" << token << "'";
    EXPECT_EQ(auth_client(token).logout().code(), Code::kUnauthenticated);
  }
}

TEST_F(AuthErrors, CliUsageErrorsExitWithTwo) {
  EXPECT_EQ(cli("u", {}).exit_code, 2);
  EXPECT_EQ(cli("u", {"register", "anna"}).exit_code, 2);  // --name missing
  EXPECT_EQ(cli("u", {"no-such-command"}).exit_code, 2);
  EXPECT_EQ(count_rows("accounts"), 0);
}

}  // namespace
}  // namespace souk::test
