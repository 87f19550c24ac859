#include "server/rpc/call_auth.hpp"

#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {

Result<domain::Session> authenticate_call(domain::Accounts& accounts,
                                          const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return unauthenticated("this call needs a session token; log in first");
  }
  const std::string_view value(it->second.data(), it->second.size());
  constexpr std::string_view kScheme = "Bearer ";
  if (!value.starts_with(kScheme)) {
    return unauthenticated("the authorization header must be 'Bearer <token>'");
  }
  return accounts.authenticate(value.substr(kScheme.size()));
}

std::optional<domain::Session> authenticate_or_finish(domain::Accounts& accounts,
                                                      grpc::CallbackServerContext* context,
                                                      grpc::ServerUnaryReactor* reactor) {
  auto session = authenticate_call(accounts, *context);
  if (session) return *session;
  reactor->Finish(to_grpc(session.status()));
  return std::nullopt;
}

}  // namespace souk::rpc
