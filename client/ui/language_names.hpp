#pragma once

#include <string>

namespace souk::ui {

// "Spanish (es)" for a language tag; the tag alone for one without a name here.
std::string language_name(const std::string& tag);
// "Spanish" for a language tag, for running text; the tag alone for one without a name.
std::string language_word(const std::string& tag);

}  // namespace souk::ui
