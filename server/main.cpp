#include "server/app/soukd.hpp"

int main(int argc, char** argv) {
  return souk::app::run_soukd(argc, argv);
}
