#pragma once

#include <string>
#include <string_view>

namespace souk::rpc {

// The caller's address as limits count it, from gRPC's peer string ("ipv4:1.2.3.4:5678",
// "ipv6:[::1]:5678", "unix:/path"): without the port, which changes with every
// connection. An IPv6 address stands for its /64, the block one subscriber usually holds,
// so that cycling through it does not buy fresh limits. Empty for an empty peer.
std::string peer_address(std::string_view peer);

}  // namespace souk::rpc
