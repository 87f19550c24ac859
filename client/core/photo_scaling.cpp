#include "client/core/photo_scaling.hpp"

#include <algorithm>

namespace souk::client {

Picture scaled_to_fit(const unsigned char* rgba, int width, int height, int edge) {
  Picture out;
  out.state = Picture::State::kReady;
  const double scale = std::min(1.0, static_cast<double>(edge) / std::max(width, height));
  out.width = std::max(1, static_cast<int>(width * scale));
  out.height = std::max(1, static_cast<int>(height * scale));
  out.rgba.resize(static_cast<size_t>(out.width) * out.height * 4);
  for (int y = 0; y < out.height; ++y) {
    const int y0 = y * height / out.height;
    const int y1 = std::max(y0 + 1, (y + 1) * height / out.height);
    for (int x = 0; x < out.width; ++x) {
      const int x0 = x * width / out.width;
      const int x1 = std::max(x0 + 1, (x + 1) * width / out.width);
      unsigned sum[4] = {0, 0, 0, 0};
      for (int sy = y0; sy < y1; ++sy) {
        const unsigned char* row = rgba + (static_cast<size_t>(sy) * width + x0) * 4;
        for (int sx = x0; sx < x1; ++sx, row += 4) {
          for (int c = 0; c < 4; ++c) sum[c] += row[c];
        }
      }
      const unsigned n = static_cast<unsigned>((y1 - y0) * (x1 - x0));
      unsigned char* dst = out.rgba.data() + (static_cast<size_t>(y) * out.width + x) * 4;
      for (int c = 0; c < 4; ++c) dst[c] = static_cast<unsigned char>(sum[c] / n);
    }
  }
  return out;
}

}  // namespace souk::client
