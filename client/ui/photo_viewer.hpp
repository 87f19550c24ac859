#pragma once

#include <optional>

#include "client/ui/view_context.hpp"

namespace souk::ui {

// A photo at up to 1400 px, over the window; a click or Escape closes it.
class PhotoViewer {
 public:
  void open(const v1::Attachment& photo) {
    photo_ = photo;
    opening_ = true;
  }
  void draw(ViewContext& ctx);

 private:
  std::optional<v1::Attachment> photo_;
  bool opening_ = false;
};

}  // namespace souk::ui
