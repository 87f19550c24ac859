#include "bench/bench_app.hpp"

int main(int argc, char** argv) {
  return souk::bench::run_bench(argc, argv);
}
