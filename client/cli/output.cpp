#include "client/cli/output.hpp"

#include <iostream>

namespace souk::cli {

void Output::result(const nlohmann::json& object, const std::string& human) const {
  if (json_) {
    std::cout << object.dump() << std::endl;
  } else {
    std::cout << human << std::endl;
  }
}

int Output::error(const Status& status) const {
  if (json_) {
    const nlohmann::json error = {
        {"error", {{"code", code_name(status.code())}, {"message", status.message()}}}};
    std::cerr << error.dump() << std::endl;
  } else {
    std::cerr << "souk-cli: " << status.message() << " (" << code_name(status.code()) << ")"
              << std::endl;
  }
  return 1;
}

}  // namespace souk::cli
