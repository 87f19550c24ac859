#include "client/cli/cli_app.hpp"

int main(int argc, char** argv) {
  return souk::cli::run_cli(argc, argv);
}
