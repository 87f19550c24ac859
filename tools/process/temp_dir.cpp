#include "tools/process/temp_dir.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace souk::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "souk-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace souk::test
