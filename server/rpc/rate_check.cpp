#include "server/rpc/rate_check.hpp"

#include <string>

#include "server/rpc/call_auth.hpp"

namespace souk::rpc {

namespace {

constexpr const char* kRetryAfterKey = "retry-after-ms";

// What the caller was doing, in words, and which keys set its limit.
struct CallWords {
  const char* what;
  const char* keys;
};

constexpr std::array<CallWords, 5> kWords = {{
    {"messages", "send_rate_per_second, send_burst"},
    {"typing notices", "typing_rate_per_second, typing_burst"},
    {"searches", "search_rate_per_second, search_burst"},
    {"contact requests", "contact_rate_per_second, contact_burst"},
    {"new group chats", "group_rate_per_second, group_burst"},
}};

std::string wait_words(int64_t ms) {
  if (ms < 1000) return std::to_string(ms) + " ms";
  const int64_t seconds = (ms + 999) / 1000;
  return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
}

}  // namespace

CallRates::CallRates(const Clock& clock, const domain::CallRateSettings& settings) {
  limiters_[static_cast<size_t>(RatedCall::kSendMessage)] =
      std::make_unique<domain::RateLimiter>(clock, settings.send);
  limiters_[static_cast<size_t>(RatedCall::kSetTyping)] =
      std::make_unique<domain::RateLimiter>(clock, settings.typing);
  limiters_[static_cast<size_t>(RatedCall::kSearchUsers)] =
      std::make_unique<domain::RateLimiter>(clock, settings.search);
  limiters_[static_cast<size_t>(RatedCall::kAddContact)] =
      std::make_unique<domain::RateLimiter>(clock, settings.contact);
  limiters_[static_cast<size_t>(RatedCall::kCreateGroupChat)] =
      std::make_unique<domain::RateLimiter>(clock, settings.group);
}

std::optional<grpc::Status> CallRates::check(RatedCall call, const domain::Session& who,
                                             int64_t* retry_after_ms) {
  const auto index = static_cast<size_t>(call);
  auto& limiter = *limiters_[index];
  const auto wait = limiter.take(who.account_id);
  if (!wait) return std::nullopt;
  if (retry_after_ms != nullptr) *retry_after_ms = *wait;
  const auto& limit = limiter.limit();
  const auto& words = kWords[index];
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      std::string("too many ") + words.what + ": at most " +
                          std::to_string(limit.per_second) + " a second, " +
                          std::to_string(limit.burst) + " at once (" + words.keys +
                          "); try again in " + wait_words(*wait));
}

std::optional<domain::Session> authenticate_within_rate_or_finish(
    domain::Accounts& accounts, CallRates& rates, RatedCall call,
    grpc::CallbackServerContext* context, grpc::ServerUnaryReactor* reactor) {
  auto session = authenticate_or_finish(accounts, context, reactor);
  if (!session) return std::nullopt;
  int64_t retry_after_ms = 0;
  if (auto refused = rates.check(call, *session, &retry_after_ms)) {
    context->AddTrailingMetadata(kRetryAfterKey, std::to_string(retry_after_ms));
    reactor->Finish(*refused);
    return std::nullopt;
  }
  return session;
}

}  // namespace souk::rpc
