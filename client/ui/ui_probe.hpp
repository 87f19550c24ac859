#pragma once

#include <imgui.h>

#include <string>

namespace souk::ui::probe {

// A window into the running client for the GUI tests: where named widgets are on screen
// and a few facts (the view shown, the window title). Off unless SOUK_UI_PROBE names a
// file; then the frame's record is written there (atomically) whenever it changes. The
// tests still act through real X input and check real screenshots; this only tells
// them where to click and when the client is ready.
bool enabled();
void enable(const std::string& path);

// The last ImGui item's rectangle, under `name`.
void item(const std::string& name);
void rect(const std::string& name, ImVec2 min, ImVec2 max);
void value(const std::string& name, const std::string& text);
// Called once per frame after drawing, with the window's position on the screen.
void end_frame(int window_x, int window_y);

}  // namespace souk::ui::probe
