#include "server/rpc/peer_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace souk::rpc {

namespace {

std::string ipv6_block(const std::string& host) {
  in6_addr address{};
  if (::inet_pton(AF_INET6, host.c_str(), &address) != 1) return host;
  // Loopback and IPv4-mapped addresses are single hosts, not subscriber blocks.
  if (!IN6_IS_ADDR_LOOPBACK(&address) && !IN6_IS_ADDR_V4MAPPED(&address)) {
    std::memset(address.s6_addr + 8, 0, 8);
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (::inet_ntop(AF_INET6, &address, text, sizeof text) == nullptr) return host;
  return text;
}

}  // namespace

std::string peer_address(std::string_view peer) {
  if (peer.rfind("ipv4:", 0) == 0) {
    const auto colon = peer.rfind(':');
    return std::string(colon > 4 ? peer.substr(0, colon) : peer);
  }
  if (peer.rfind("ipv6:", 0) == 0) {
    // Percent-decoded forms aside, gRPC writes "ipv6:[host]:port" (or %5B/%5D escaped).
    std::string rest(peer.substr(5));
    for (const auto& [escaped, plain] : {std::pair{"%5B", "["}, std::pair{"%5D", "]"}}) {
      for (auto at = rest.find(escaped); at != std::string::npos; at = rest.find(escaped)) {
        rest.replace(at, 3, plain);
      }
    }
    const auto open = rest.find('[');
    const auto close = rest.find(']');
    if (open == 0 && close != std::string::npos) {
      std::string host = rest.substr(1, close - 1);
      if (const auto zone = host.find('%'); zone != std::string::npos) host.resize(zone);
      return "ipv6:[" + ipv6_block(host) + "]";
    }
    return std::string(peer);
  }
  return std::string(peer);
}

}  // namespace souk::rpc
