#pragma once

#include <optional>
#include <string>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// A photo at up to 1400 px, over the window; a click beside the buttons, or Escape,
// closes it. "Save…" puts the photo in the download folder as any file's Download does,
// and says where it went (or why not).
class PhotoViewer {
 public:
  void open(const v1::Attachment& photo, const client::ChatKey& chat) {
    photo_ = photo;
    chat_ = chat;
    opening_ = true;
    saving_ = 0;
    save_outcome_.clear();
  }
  void draw(ViewContext& ctx);

 private:
  // Save… and, once asked, how the download goes, in lines at most `width` wide. True
  // while the pointer is on the button.
  bool draw_save(ViewContext& ctx, float width);

  std::optional<v1::Attachment> photo_;
  client::ChatKey chat_;  // the download shows among this chat's transfers too
  bool opening_ = false;
  int64_t saving_ = 0;        // the download's transfer id; 0 before Save…
  std::string save_outcome_;  // "Saved to …" or why not, kept if the transfer row is closed
};

}  // namespace souk::ui
