#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace souk::test {

// Drops files on whatever window is at (x, y) of the X display, as a file manager does:
// the XDND protocol (version 5) offering a text/uri-list, from a window of our own. This
// is the real path GLFW's drop callback takes; xdotool cannot drag between clients.
// Returns an empty string on success, else what went wrong.
std::string drop_files(const std::string& display, int x, int y,
                       const std::vector<std::filesystem::path>& files);

}  // namespace souk::test
