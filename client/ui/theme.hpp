#pragma once

#include <cstdint>

#include "souk/v1/contacts.pb.h"

namespace souk::ui {

// An sRGB colour; the GUI tests compare screenshot pixels against these.
struct Rgb {
  uint8_t r, g, b;
  uint32_t packed(uint8_t alpha = 255) const {  // ImGui's IM_COL32 layout (ABGR)
    return (uint32_t(alpha) << 24) | (uint32_t(b) << 16) | (uint32_t(g) << 8) | r;
  }
};

namespace palette {
inline constexpr Rgb kAccent{255, 106, 0};  // Souk orange
inline constexpr Rgb kAccentSoft{255, 232, 214};
inline constexpr Rgb kWindow{244, 245, 247};
inline constexpr Rgb kPanel{255, 255, 255};
inline constexpr Rgb kText{31, 35, 41};
inline constexpr Rgb kTextMuted{120, 126, 135};
inline constexpr Rgb kBorder{222, 225, 230};
inline constexpr Rgb kPeerBubble{255, 255, 255};
inline constexpr Rgb kBanner{255, 246, 222};
inline constexpr Rgb kError{200, 40, 40};
// Presence, as TradeManager users know it: yellow online, red busy, orange away, grey off.
inline constexpr Rgb kOnline{245, 196, 0};
inline constexpr Rgb kBusy{225, 45, 57};
inline constexpr Rgb kAway{255, 140, 0};
inline constexpr Rgb kOffline{168, 172, 178};
inline constexpr Rgb kOfflineRim{120, 124, 130};
}  // namespace palette

Rgb presence_colour(v1::PresenceState state);
const char* presence_label(v1::PresenceState state);

// Souk's own look: light panels, rounded controls, the accent on active elements.
// `scale` is the monitor's content scale.
void apply_theme(float scale, bool dark);

}  // namespace souk::ui
