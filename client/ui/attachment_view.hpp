#pragma once

#include <imgui.h>

#include <optional>

#include "client/core/store.hpp"
#include "client/ui/view_context.hpp"

namespace souk::ui {

// Files and photos inside a message bubble: photos as thumbnails (fetched and decoded off
// the UI thread; a grey box with words until then), other files as a line with a
// Download button.
class AttachmentView {
 public:
  static bool is_photo(const v1::Attachment& a) { return a.width() > 0 && a.height() > 0; }
  // On-screen size of a photo's thumbnail, known before it is decoded.
  static ImVec2 thumbnail_size(const v1::Attachment& a);
  // Height of all of a message's attachments, and their widest.
  static ImVec2 block_size(const client::ChatMessage& m);

  // Draws them from `at` (screen position) downwards. A click on a photo returns it, for
  // the large view.
  static std::optional<v1::Attachment> draw(ViewContext& ctx, const client::Chat& chat,
                                            const client::ChatMessage& m, ImVec2 at);
};

}  // namespace souk::ui
