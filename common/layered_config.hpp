#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace souk {

// One named setting. Its flag is --key-with-dashes, its environment variable is
// PREFIX_KEY_IN_CAPS, and its TOML key is the key itself.
struct SettingSpec {
  std::string key;
  std::string default_value;
  std::string help;
  bool is_flag = false;  // a boolean switch: --key takes no value
};

// Settings from, in rising precedence: defaults, a TOML file, environment variables, flags.
class LayeredConfig {
 public:
  LayeredConfig(std::string program, std::string description, std::string env_prefix);

  void add(SettingSpec spec);

  // Returns an exit code when the program should stop (help shown: 0, bad input: 2),
  // after printing what happened.
  std::optional<int> parse(int argc, const char* const* argv);

  const std::string& get(const std::string& key) const;
  long long get_int(const std::string& key) const;  // throws std::invalid_argument
  bool get_bool(const std::string& key) const;      // throws std::invalid_argument
  // Where the value came from: "default", "file", "env" or "flag".
  const std::string& source(const std::string& key) const;

  std::string env_name(const std::string& key) const;
  static std::string flag_name(const std::string& key);

 private:
  struct Entry {
    SettingSpec spec;
    std::string value;
    std::string source = "default";
  };
  const Entry& entry(const std::string& key) const;
  std::optional<std::string> load_file(const std::string& path);

  std::string program_;
  std::string description_;
  std::string env_prefix_;
  std::vector<std::string> order_;
  std::map<std::string, Entry> entries_;
};

}  // namespace souk
