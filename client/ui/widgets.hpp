#pragma once

#include <imgui.h>

#include <string>

#include "souk/v1/contacts.pb.h"

namespace souk::ui {

// Small drawing helpers shared by the views.

// The view's main action: accent background, white text.
bool primary_button(const char* label, ImVec2 size = ImVec2(0, 0));
// A filled presence dot centred on the current line, with the state as its tooltip.
// Returns the dot's centre in screen coordinates.
ImVec2 presence_dot(v1::PresenceState state, const std::string& tooltip = "");
// A rounded accent badge with a count ("2", "99+"), drawn where the cursor is.
void unread_badge(int64_t count);
// A small rotating arc followed by words, for work that takes a moment.
void spinner(const char* words);
// Text in the muted colour, wrapped.
void muted_text(const std::string& text);
// An inline error under a field, in the user's words.
void error_text(const std::string& text);
// `text` cut to at most `width` pixels in the current font, ending in "…" when cut (at a
// UTF-8 boundary): for a name in a narrow row.
std::string fitted_text(const std::string& text, float width);
// A dialog's main action (greyed until `ready`) and Cancel, which closes the popup as
// Escape does; probe items "<probe_prefix>.<action_probe>" and "<probe_prefix>.cancel".
// True when the action was pressed.
bool dialog_actions(const char* action, bool ready, const std::string& probe_prefix,
                    const std::string& action_probe);

}  // namespace souk::ui
