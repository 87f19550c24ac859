#include "client/ui/language_names.hpp"

#include <map>

namespace souk::ui {

std::string language_name(const std::string& tag) {
  // The languages buyers and sellers on Souk write in most; Apertium's pairs name more.
  static const std::map<std::string, std::string> kNames = {
      {"ar", "Arabic"},  {"ca", "Catalan"}, {"de", "German"},    {"en", "English"},
      {"es", "Spanish"}, {"fr", "French"},  {"it", "Italian"},   {"ja", "Japanese"},
      {"ko", "Korean"},  {"nl", "Dutch"},   {"pl", "Polish"},    {"pt", "Portuguese"},
      {"ru", "Russian"}, {"tr", "Turkish"}, {"uk", "Ukrainian"}, {"zh", "Chinese"},
  };
  auto it = kNames.find(tag);
  return it == kNames.end() ? tag : it->second + " (" + tag + ")";
}

}  // namespace souk::ui
