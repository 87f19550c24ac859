#pragma once

namespace souk::app {

// The whole server: configuration, wiring, serving until SIGINT/SIGTERM. Returns the exit
// code: 0 after a clean shutdown, 2 for bad configuration, 1 when serving failed.
int run_soukd(int argc, const char* const* argv);

}  // namespace souk::app
