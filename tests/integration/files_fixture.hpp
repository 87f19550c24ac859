#pragma once

#include <algorithm>
#include <filesystem>
#include <string>

#include "client/core/file_client.hpp"
#include "common/crypto.hpp"
#include "integration/file_transfer.hpp"
#include "integration/fixture.hpp"
#include "tools/process/generated_file.hpp"

namespace souk::test {

class FilesTest : public SoukdTest {
 protected:
  client::FileClient files(const std::string& token) {
    return client::FileClient(*client::open_channel({server_->address(), ""}), token);
  }

  // Uploads a whole file in one go; the attachment, or the failure.
  Result<v1::Attachment> upload(const std::string& token, const std::string& bytes,
                                const std::string& name = "note.txt",
                                const std::string& mime = "text/plain") {
    return upload_bytes(files(token), bytes, name, mime);
  }

  // The whole file as `token` sees it, or the failure.
  Result<std::string> download(const std::string& token, const std::string& file_id) {
    return download_bytes(files(token), file_id);
  }

  // Sends a message carrying these files (and maybe text); the response or the failure.
  Result<v1::SendMessageResponse> send_files(const std::string& token, const std::string& peer,
                                             const std::vector<std::string>& file_ids,
                                             const std::string& text = "") {
    auto request = text_to(peer, text);
    for (const auto& id : file_ids) request.add_attachment_file_ids(id);
    return chat(token).send(request);
  }

  // Stops an upload (as a dropped connection would) once the server knows of it, so that
  // there is something to resume.
  client::Progress stop_once_started(const std::string& token, const std::string& upload_id) {
    return [this, token, upload_id](int64_t, int64_t) {
      for (int i = 0; i < 200; ++i) {
        if (files(token).query_upload(upload_id).ok()) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      return false;
    };
  }

  // Regular files under the data directory's blob store.
  int count_blobs() {
    int n = 0;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(server_->data_dir() / "files")) {
      if (entry.is_regular_file()) ++n;
    }
    return n;
  }
  int count_partials() {
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(server_->data_dir() / "uploads")) {
      if (entry.is_regular_file()) ++n;
    }
    return n;
  }
};

}  // namespace souk::test
