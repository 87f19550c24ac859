#include "server/rpc/peer_address.hpp"

#include <gtest/gtest.h>

namespace souk::rpc {
namespace {

TEST(PeerAddressTest, TheIpv4PortIsDropped) {
  EXPECT_EQ(peer_address("ipv4:203.0.113.7:51234"), "ipv4:203.0.113.7");
  EXPECT_EQ(peer_address("ipv4:127.0.0.1:1"), "ipv4:127.0.0.1");
}

TEST(PeerAddressTest, AnIpv6AddressStandsForItsSlash64) {
  EXPECT_EQ(peer_address("ipv6:[2001:db8:1:2:aaaa:bbbb:cccc:dddd]:443"), "ipv6:[2001:db8:1:2::]");
  EXPECT_EQ(peer_address("ipv6:[2001:db8:1:2::1]:5000"),
            peer_address("ipv6:[2001:db8:1:2::ffff]:6"));
  EXPECT_NE(peer_address("ipv6:[2001:db8:1:2::1]:5000"),
            peer_address("ipv6:[2001:db8:1:3::1]:5000"));
  EXPECT_EQ(peer_address("ipv6:%5B2001:db8:1:2::9%5D:5000"), "ipv6:[2001:db8:1:2::]");
}

TEST(PeerAddressTest, LoopbackAndMappedIpv4AreSingleHosts) {
  EXPECT_EQ(peer_address("ipv6:[::1]:5000"), "ipv6:[::1]");
  EXPECT_EQ(peer_address("ipv6:[::ffff:198.51.100.1]:5000"), "ipv6:[::ffff:198.51.100.1]");
  EXPECT_NE(peer_address("ipv6:[::ffff:198.51.100.1]:5000"),
            peer_address("ipv6:[::ffff:198.51.100.2]:5000"));
}

TEST(PeerAddressTest, OtherPeersAreKeptWhole) {
  EXPECT_EQ(peer_address("unix:/run/souk.sock"), "unix:/run/souk.sock");
  EXPECT_EQ(peer_address(""), "");
}

}  // namespace
}  // namespace souk::rpc
