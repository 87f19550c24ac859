#include "common/layered_config.hpp"

#include <toml++/toml.h>
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace souk {

namespace {

std::string toml_value_to_string(const toml::node& node) {
  // By node type: value<T>() converts, and would read `true` as the integer 1.
  if (auto s = node.as_string()) return s->get();
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto d = node.as_floating_point()) return std::to_string(d->get());
  throw std::invalid_argument("unsupported value type");
}

}  // namespace

LayeredConfig::LayeredConfig(std::string program, std::string description, std::string env_prefix)
    : program_(std::move(program)),
      description_(std::move(description)),
      env_prefix_(std::move(env_prefix)) {}

void LayeredConfig::add(SettingSpec spec) {
  order_.push_back(spec.key);
  Entry e{spec, spec.default_value};
  entries_.emplace(spec.key, std::move(e));
}

std::string LayeredConfig::flag_name(const std::string& key) {
  std::string out = "--" + key;
  for (char& c : out) {
    if (c == '_') c = '-';
  }
  return out;
}

std::string LayeredConfig::env_name(const std::string& key) const {
  std::string out = env_prefix_ + "_" + key;
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> LayeredConfig::load_file(const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return "config file " + path + ": " + std::string(e.description());
  }
  for (auto&& [k, node] : table) {
    const std::string key(k.str());
    auto it = entries_.find(key);
    if (it == entries_.end()) return "config file " + path + ": unknown key '" + key + "'";
    try {
      it->second.value = toml_value_to_string(node);
    } catch (const std::invalid_argument&) {
      return "config file " + path + ": key '" + key + "' must be a string, integer or boolean";
    }
    it->second.source = "file";
  }
  return std::nullopt;
}

std::optional<int> LayeredConfig::parse(int argc, const char* const* argv) {
  CLI::App app(description_, program_);
  app.get_formatter()->column_width(34);
  std::string config_path;
  app.add_option("--config", config_path,
                 "TOML file with any of the settings below (env " + env_prefix_ + "_CONFIG)");
  std::map<std::string, std::string> flag_values;
  std::map<std::string, bool> switch_values;
  std::map<std::string, CLI::Option*> options;
  for (const auto& key : order_) {
    const auto& spec = entries_.at(key).spec;
    const std::string help = spec.help + " (env " + env_name(key) +
                             (spec.default_value.empty() ? "" : ", default " + spec.default_value) +
                             ")";
    if (spec.is_flag) {
      options[key] = app.add_flag(flag_name(key), switch_values[key], help);
    } else {
      options[key] = app.add_option(flag_name(key), flag_values[key], help);
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help is a success; anything else is a usage error, which is always exit code 2.
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (config_path.empty()) {
    if (const char* env = std::getenv((env_prefix_ + "_CONFIG").c_str())) config_path = env;
  }
  if (!config_path.empty()) {
    if (auto error = load_file(config_path)) {
      std::cerr << program_ << ": " << *error << "\n";
      return 2;
    }
  }
  for (const auto& key : order_) {
    auto& e = entries_.at(key);
    if (const char* env = std::getenv(env_name(key).c_str())) {
      e.value = env;
      e.source = "env";
    }
    if (options[key]->count() > 0) {
      e.value = e.spec.is_flag ? (switch_values[key] ? "true" : "false") : flag_values[key];
      e.source = "flag";
    }
  }
  return std::nullopt;
}

const LayeredConfig::Entry& LayeredConfig::entry(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) throw std::logic_error("no such setting: " + key);
  return it->second;
}

const std::string& LayeredConfig::get(const std::string& key) const {
  return entry(key).value;
}

const std::string& LayeredConfig::source(const std::string& key) const {
  return entry(key).source;
}

long long LayeredConfig::get_int(const std::string& key) const {
  const std::string& v = get(key);
  size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v.size()) {
    throw std::invalid_argument(key + " must be an integer, got '" + v + "'");
  }
  return n;
}

bool LayeredConfig::get_bool(const std::string& key) const {
  const std::string& v = get(key);
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off" || v.empty()) return false;
  throw std::invalid_argument(key + " must be true or false, got '" + v + "'");
}

}  // namespace souk
