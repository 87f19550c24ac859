#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "souk/v1/chat.pb.h"

namespace souk::cli {

nlohmann::json message_json(const v1::Message& m);
nlohmann::json attachment_json(const v1::Attachment& a);
// "fAbC...  photo.png  1.2 MiB  image/png  640x480"
std::string attachment_line(const v1::Attachment& a);
nlohmann::json event_json(const v1::Event& e);
// One line a person reads in a terminal.
std::string event_line(const v1::Event& e);
std::string message_line(const v1::Message& m);
std::string local_time(int64_t ms);

// "online", "busy", "away", "invisible" or "offline".
std::string presence_name(v1::PresenceState state);
// "online — at the fair", or "offline, last seen <time>".
std::string presence_text(const v1::Presence& p);
nlohmann::json presence_json(const v1::Presence& p);

}  // namespace souk::cli
