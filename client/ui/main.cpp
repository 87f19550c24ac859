#include <cstdio>
#include <exception>

#include "client/ui/app.hpp"
#include "client/ui/app_options.hpp"

int main(int argc, char** argv) {
  const auto options = souk::ui::parse_options(argc, argv);
  try {
    souk::ui::App app(options);
    return app.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "souk: %s\n", e.what());
    return 1;
  }
}
