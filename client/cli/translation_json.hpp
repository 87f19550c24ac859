#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "souk/v1/translation.pb.h"

namespace souk::cli {

nlohmann::json translation_json(const v1::MessageTranslated& t);
nlohmann::json translation_settings_json(const v1::TranslationSettings& s);
// "conversation 3 #12 (es→en): <text>", or what went wrong and when it is retried.
std::string translation_line(const v1::MessageTranslated& t);
std::string translation_settings_line(const v1::TranslationSettings& s);

}  // namespace souk::cli
