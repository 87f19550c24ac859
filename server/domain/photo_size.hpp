#pragma once

#include <filesystem>
#include <optional>

namespace souk::domain {

struct PhotoSize {
  int width = 0;
  int height = 0;
};

// Width and height of a PNG, JPEG, GIF or BMP photo, read from its header by stb_image;
// nothing for any other file (WebP included: stb_image cannot read it).
std::optional<PhotoSize> photo_size(const std::filesystem::path& file);

}  // namespace souk::domain
