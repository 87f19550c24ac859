#pragma once

namespace souk::bench {

// souk-bench SCENARIO [options]: prints one JSON object with the figures on stdout.
int run_bench(int argc, const char* const* argv);

}  // namespace souk::bench
