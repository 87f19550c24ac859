#pragma once

#include <filesystem>
#include <string>

struct ImFont;

namespace souk::ui {

// Where the two fonts are: SOUK_FONT_DIR if set, else Debian's fonts-dejavu-core and
// fonts-wqy-microhei locations.
struct FontFiles {
  std::filesystem::path latin;    // DejaVu Sans: Latin with diacritics, Cyrillic, symbols
  std::filesystem::path chinese;  // WenQuanYi Micro Hei
};
FontFiles find_fonts();

struct Fonts {
  ImFont* body = nullptr;
  ImFont* small = nullptr;
  ImFont* title = nullptr;
};

// Builds the atlas: DejaVu Sans merged with WenQuanYi Micro Hei, at `base_px` (15-16 px
// at 96 DPI) times the monitor's content scale. Throws if a font file is missing.
Fonts load_fonts(const FontFiles& files, float base_px, float scale);

}  // namespace souk::ui
