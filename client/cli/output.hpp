#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.hpp"

namespace souk::cli {

// Human text by default; with --json, one JSON object per line. Errors always go to
// stderr as a single line.
class Output {
 public:
  explicit Output(bool json) : json_(json) {}

  bool json() const { return json_; }
  void result(const nlohmann::json& object, const std::string& human) const;
  // Prints the error and returns the exit code for it.
  int error(const Status& status) const;

 private:
  bool json_;
};

}  // namespace souk::cli
