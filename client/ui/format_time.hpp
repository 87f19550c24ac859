#pragma once

#include <cstdint>
#include <string>

namespace souk::ui {

// "10:02" today, "Mon 10:02" this week, "2026-11-03" before: local time, as chats show it.
std::string message_time(int64_t ms_since_epoch, int64_t now_ms);
// "3 min", "2 h", "5 d": how long ago someone was last seen.
std::string ago(int64_t ms_since_epoch, int64_t now_ms);
int64_t now_ms();

}  // namespace souk::ui
