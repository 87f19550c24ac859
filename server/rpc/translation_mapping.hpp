#pragma once

#include "server/domain/translations.hpp"
#include "server/storage/translation_records.hpp"
#include "souk/v1/translation.pb.h"

namespace souk::rpc {

void fill_translation(const storage::TranslationRecord& t, v1::MessageTranslated* out);
void fill_translation_settings(const storage::TranslationSettingsRecord& s,
                               v1::TranslationSettings* out);

}  // namespace souk::rpc
