#pragma once

#include "client/core/store.hpp"

namespace souk::client {

// An RGBA picture no larger than `edge` on its longer side, each pixel the average of the
// source pixels it covers (a plain pick would shimmer on fine patterns).
Picture scaled_to_fit(const unsigned char* rgba, int width, int height, int edge);

}  // namespace souk::client
