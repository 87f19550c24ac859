#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "client/core/chat_client.hpp"
#include "client/core/file_client.hpp"
#include "common/crypto.hpp"

namespace souk::test {

// Uploads `bytes` as one whole file; the attachment, or the failure.
inline Result<v1::Attachment> upload_bytes(client::FileClient files, const std::string& bytes,
                                           const std::string& name, const std::string& mime) {
  client::UploadSpec spec{client::ChatClient::new_client_msg_id(), name,
                          static_cast<int64_t>(bytes.size()), mime, souk::sha256(bytes)};
  return files.upload(spec, [&](int64_t offset, char* out, size_t n) -> Result<size_t> {
    n = std::min(n, bytes.size() - static_cast<size_t>(offset));
    std::copy_n(bytes.data() + offset, n, out);
    return n;
  });
}

// The whole file as the client's member sees it, or the failure.
inline Result<std::string> download_bytes(client::FileClient files, const std::string& file_id) {
  std::string got;
  auto file = files.download(file_id, 0, [&](std::string_view chunk) {
    got.append(chunk);
    return Status::Ok();
  });
  if (!file) return file.status();
  return got;
}

}  // namespace souk::test
