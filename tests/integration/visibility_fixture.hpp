#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "client/core/file_client.hpp"
#include "client/core/translation_client.hpp"
#include "common/crypto.hpp"
#include "integration/file_transfer.hpp"
#include "integration/groups_fixture.hpp"

namespace souk::test {

// Who may see which message and file: groups, files and translation on one real soukd.
class VisibilityTest : public GroupsTest {
 protected:
  client::FileClient files(const std::string& token) {
    return client::FileClient(*client::open_channel({server_->address(), ""}), token);
  }

  client::TranslationClient translation(const std::string& token) {
    return client::TranslationClient(*client::open_channel({server_->address(), ""}), token);
  }

  std::string upload(const std::string& token, const std::string& bytes, const std::string& name) {
    auto file = upload_bytes(files(token), bytes, name, "text/plain");
    EXPECT_TRUE(file.ok()) << file.status().message();
    return file.ok() ? file->file_id() : "";
  }

  Result<std::string> download(const std::string& token, const std::string& file_id) {
    return download_bytes(files(token), file_id);
  }

  // The bytes, or the refusal in words.
  std::string seen(const std::string& token, const std::string& file_id) {
    auto got = download(token, file_id);
    return got.ok() ? *got : "refused: " + got.status().message();
  }

  // A message with text and files in the group; the message as sent.
  v1::Message post(const std::string& token, int64_t group, const std::string& text,
                   const std::vector<std::string>& file_ids = {}) {
    v1::SendMessageRequest r;
    *r.mutable_to() = client::ChatClient::conversation(group);
    r.set_text(text);
    r.set_client_msg_id(client::ChatClient::new_client_msg_id());
    for (const auto& id : file_ids) r.add_attachment_file_ids(id);
    auto sent = chat(token).send(r);
    EXPECT_TRUE(sent.ok()) << sent.status().message();
    return sent.ok() ? sent->message() : v1::Message{};
  }

  // The names of the files ListFiles shows, or the failure.
  Result<std::vector<std::string>> listed_files(const std::string& token, int64_t group) {
    v1::ListFilesRequest r;
    *r.mutable_conversation() = client::ChatClient::conversation(group);
    auto list = files(token).list(r);
    if (!list.ok()) return list.status();
    std::vector<std::string> names;
    for (const auto& f : list->files()) names.push_back(f.file().name());
    return names;
  }

  Result<v1::TranslateResponse> translate_message(const std::string& token, int64_t message_id) {
    v1::TranslateRequest r;
    r.set_message_id(message_id);
    r.set_to("en");
    r.set_from("en");  // the same language: the original comes back, no engine asked
    return translation(token).translate(r);
  }

  // Two refusals are the same when their code and text are, once each names its own id.
  static std::string refusal(const Status& s, const std::string& id) {
    std::string text = s.message();
    if (auto at = text.find(id); at != std::string::npos) text.replace(at, id.size(), "<id>");
    return std::to_string(static_cast<int>(s.code())) + " " + text;
  }
};

}  // namespace souk::test
