#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// "Attach": a file picker drawn with ImGui. Folders first, then files with their sizes;
// a click selects, Ctrl+click adds to the selection, a double click opens a folder or
// sends a file. Starts in the folder used last (the home folder at first).
class FilePicker {
 public:
  void open();
  // The files chosen this frame (empty otherwise).
  std::vector<std::string> draw(ViewContext& ctx);

 private:
  struct Entry {
    std::string name;
    bool folder = false;
    uintmax_t size = 0;
  };
  void enter(const std::filesystem::path& dir);

  bool opening_ = false;
  std::filesystem::path dir_;
  std::string typed_dir_;
  std::vector<Entry> entries_;
  std::set<std::string> selected_;
  std::string error_;
};

}  // namespace souk::ui
