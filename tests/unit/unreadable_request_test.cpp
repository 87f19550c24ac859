// gRPC's wordless UNIMPLEMENTED for request bytes that do not parse becomes INVALID_ARGUMENT
// naming the call, for Souk's own methods and nothing else.
#include <gtest/gtest.h>

#include "server/rpc/unreadable_request.hpp"
#include "souk/v1/auth.pb.h"

namespace souk::rpc {
namespace {

const grpc::Status kUnparsed(grpc::StatusCode::UNIMPLEMENTED, "");

TEST(UnreadableRequest, ASoukMethodsUnparsedRequestIsNamed) {
  // Links the generated descriptors this test looks the method up in.
  ASSERT_NE(v1::LogoutRequest::descriptor(), nullptr);
  const auto status = explain_unreadable_request("/souk.v1.AuthService/Logout", kUnparsed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "the Logout request could not be read: its bytes are not a well-formed message of "
            "type LogoutRequest");
}

TEST(UnreadableRequest, EverythingElseIsLeftAsItWas) {
  const auto unknown_method = explain_unreadable_request("/souk.v1.AuthService/Nope", kUnparsed);
  EXPECT_EQ(unknown_method.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  const auto other_service = explain_unreadable_request("/grpc.health.v1.Health/Check", kUnparsed);
  EXPECT_EQ(other_service.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  const auto worded = explain_unreadable_request(
      "/souk.v1.AuthService/Logout", {grpc::StatusCode::UNIMPLEMENTED, "not on this server"});
  EXPECT_EQ(worded.error_message(), "not on this server");
  const auto refused = explain_unreadable_request("/souk.v1.AuthService/Logout",
                                                  {grpc::StatusCode::UNAUTHENTICATED, "log in"});
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(explain_unreadable_request("", kUnparsed).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(explain_unreadable_request("/", kUnparsed).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

}  // namespace
}  // namespace souk::rpc
