#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace souk {

inline constexpr size_t kFileNameMaxBytes = 255;
inline constexpr size_t kUploadIdMaxBytes = 64;
inline constexpr size_t kMimeTypeMaxBytes = 127;
inline constexpr size_t kFileIdMaxBytes = 64;
inline constexpr const char* kDefaultMimeType = "application/octet-stream";

// The name a file is shown under, whatever the sender's system called it: only the part
// after the last '/' or '\', without control characters (C0, DEL, C1, and the bidi
// overrides that can disguise "photo.exe" as "exe.jpg"), trimmed, and cut to 255 bytes at
// a character boundary, keeping a short extension. INVALID_ARGUMENT when not UTF-8 or
// nothing usable is left.
Result<std::string> clean_file_name(std::string_view raw);

// "type/subtype" in printable ASCII without spaces; empty becomes application/octet-stream.
Result<std::string> clean_mime_type(std::string_view raw);

Status validate_upload_id(std::string_view id);
Status validate_file_id(std::string_view id);

}  // namespace souk
