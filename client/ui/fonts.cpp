#include "client/ui/fonts.hpp"

#include <imgui.h>

#include <cstdlib>
#include <stdexcept>

namespace souk::ui {
namespace {

// What DejaVu Sans covers for us: Latin-1, Latin Extended-A/B (Polish, Czech, Turkish...),
// Greek, Cyrillic, general punctuation (— …), arrows, geometric shapes (● ▾ ▸), misc
// symbols (⚙) and dingbats (✓).
const ImWchar kLatinRanges[] = {
    0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x052F, 0x2000, 0x206F, 0x20A0, 0x20CF, 0x2190,
    0x21FF, 0x2300, 0x23FF, 0x25A0, 0x25FF, 0x2600, 0x26FF, 0x2700, 0x27BF, 0,
};

ImFont* add_merged(float px, const FontFiles& files) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig latin;
  latin.OversampleH = 2;
  ImFont* font = io.Fonts->AddFontFromFileTTF(files.latin.c_str(), px, &latin, kLatinRanges);
  if (font == nullptr) throw std::runtime_error("cannot load " + files.latin.string());
  ImFontConfig merge;
  merge.MergeMode = true;
  merge.OversampleH = 1;
  merge.PixelSnapH = true;
  // About 2,500 common simplified characters plus CJK punctuation and full-width forms.
  const ImWchar* chinese = io.Fonts->GetGlyphRangesChineseSimplifiedCommon();
  if (io.Fonts->AddFontFromFileTTF(files.chinese.c_str(), px, &merge, chinese) == nullptr) {
    throw std::runtime_error("cannot load " + files.chinese.string());
  }
  return font;
}

}  // namespace

FontFiles find_fonts() {
  std::filesystem::path dir = "/usr/share/fonts/truetype";
  FontFiles files{dir / "dejavu" / "DejaVuSans.ttf", dir / "wqy" / "wqy-microhei.ttc"};
  if (const char* custom = std::getenv("SOUK_FONT_DIR"); custom != nullptr && *custom != 0) {
    files = {std::filesystem::path(custom) / "DejaVuSans.ttf",
             std::filesystem::path(custom) / "wqy-microhei.ttc"};
  }
  for (const auto& f : {files.latin, files.chinese}) {
    if (!std::filesystem::exists(f)) {
      throw std::runtime_error("font not found: " + f.string() +
                               " (install fonts-dejavu-core and fonts-wqy-microhei)");
    }
  }
  return files;
}

Fonts load_fonts(const FontFiles& files, float base_px, float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  fonts.body = add_merged(base_px * scale, files);
  fonts.small = add_merged((base_px - 3) * scale, files);
  fonts.title = add_merged((base_px + 3) * scale, files);
  io.FontDefault = fonts.body;
  return fonts;
}

}  // namespace souk::ui
