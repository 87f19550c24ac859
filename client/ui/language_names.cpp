#include "client/ui/language_names.hpp"

#include <map>

namespace souk::ui {

namespace {

// The languages buyers and sellers on Souk write in most; Apertium's pairs name more.
const std::map<std::string, std::string>& names() {
  static const std::map<std::string, std::string> kNames = {
      {"ar", "Arabic"},  {"ca", "Catalan"}, {"de", "German"},    {"en", "English"},
      {"es", "Spanish"}, {"fr", "French"},  {"it", "Italian"},   {"ja", "Japanese"},
      {"ko", "Korean"},  {"nl", "Dutch"},   {"pl", "Polish"},    {"pt", "Portuguese"},
      {"ru", "Russian"}, {"tr", "Turkish"}, {"uk", "Ukrainian"}, {"zh", "Chinese"},
  };
  return kNames;
}

}  // namespace

std::string language_name(const std::string& tag) {
  auto it = names().find(tag);
  return it == names().end() ? tag : it->second + " (" + tag + ")";
}

std::string language_word(const std::string& tag) {
  auto it = names().find(tag);
  return it == names().end() ? tag : it->second;
}

}  // namespace souk::ui
