// A minimal client on client/core, run as its own process by the outbox tests so that it
// can be SIGKILLed mid-flight:
//   core_probe PROFILE_DIR CACHE_DIR send PEER TEXT   queue TEXT for PEER, then run on
//   core_probe PROFILE_DIR CACHE_DIR flush            exit 0 once connected, outbox empty
#include <cstdio>
#include <string>

#include "client/core/core.hpp"

namespace {

bool outbox_empty(const souk::client::Store& s) {
  for (const auto& [id, chat] : s.chats) {
    for (const auto& m : chat.messages) {
      if (m.pending && m.failed.empty()) return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  souk::client::CoreOptions options;
  options.profile_dir = argv[1];
  options.cache_dir = argv[2];
  options.reconnect_min = std::chrono::milliseconds(100);
  options.reconnect_max = std::chrono::milliseconds(400);
  const std::string mode = argv[3];
  souk::client::Core core(options);
  core.start();
  const auto& s = core.store();
  while (s.connection.phase == souk::client::ConnectionState::Phase::kStarting ||
         s.me.member_id.empty()) {
    core.wait_and_poll(std::chrono::milliseconds(50));
    if (s.connection.phase == souk::client::ConnectionState::Phase::kSignedOut) return 3;
  }
  if (mode == "send" && argc == 6) {
    const auto chat = core.commands().open_chat(argv[4]);
    core.commands().send_text(chat, argv[5]);
    std::puts("queued");
    std::fflush(stdout);
    for (;;) core.wait_and_poll(std::chrono::seconds(1));
  }
  if (mode == "flush") {
    while (!(s.connection.online() && outbox_empty(s))) {
      core.wait_and_poll(std::chrono::milliseconds(50));
    }
    return 0;
  }
  return 2;
}
