#include "server/domain/photo_size.hpp"

#include <stb_image.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

namespace souk::domain {

namespace {

// stb_image also guesses at formats with no magic number (TGA); a file that does not
// start like a photo is not asked about.
bool looks_like_photo(const unsigned char* head, size_t n) {
  const std::string_view h(reinterpret_cast<const char*>(head), n);
  return h.starts_with("\x89PNG\r\n\x1a\n") || h.starts_with("\xFF\xD8\xFF") ||
         h.starts_with("GIF87a") || h.starts_with("GIF89a") || h.starts_with("BM");
}

}  // namespace

std::optional<PhotoSize> photo_size(const std::filesystem::path& file) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!f) return std::nullopt;
  std::array<unsigned char, 8> head{};
  const size_t n = std::fread(head.data(), 1, head.size(), f.get());
  if (!looks_like_photo(head.data(), n) || std::fseek(f.get(), 0, SEEK_SET) != 0) {
    return std::nullopt;
  }
  int width = 0, height = 0, components = 0;
  if (stbi_info_from_file(f.get(), &width, &height, &components) == 0) return std::nullopt;
  if (width <= 0 || height <= 0) return std::nullopt;
  return PhotoSize{width, height};
}

}  // namespace souk::domain
