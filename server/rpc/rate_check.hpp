#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <array>
#include <memory>
#include <optional>

#include "server/domain/accounts.hpp"
#include "server/domain/rate_limiter.hpp"

namespace souk::rpc {

// The calls that have a per-member rate.
enum class RatedCall { kSendMessage, kSetTyping, kSearchUsers, kAddContact, kCreateGroupChat };

// One bucket set per rated call, shared by every service.
class CallRates {
 public:
  CallRates(const Clock& clock, const domain::CallRateSettings& settings);

  // Nothing if `who` may make the call now (a token is taken), else the refusal:
  // RESOURCE_EXHAUSTED saying the limit and how long to wait.
  std::optional<grpc::Status> check(RatedCall call, const domain::Session& who,
                                    int64_t* retry_after_ms = nullptr);

 private:
  std::array<std::unique_ptr<domain::RateLimiter>, 5> limiters_;
};

// For unary calls that have a rate: the session, or the call finished (UNAUTHENTICATED, or
// RESOURCE_EXHAUSTED with the wait in its message and in the trailing metadata
// `retry-after-ms`) and nothing.
std::optional<domain::Session> authenticate_within_rate_or_finish(
    domain::Accounts& accounts, CallRates& rates, RatedCall call,
    grpc::CallbackServerContext* context, grpc::ServerUnaryReactor* reactor);

}  // namespace souk::rpc
