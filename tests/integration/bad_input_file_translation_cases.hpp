#pragma once

#include "integration/bad_input_cases.hpp"

namespace souk::test {

inline std::vector<BadCase> file_cases(const BadInputWorld& w) {
  using namespace bad_input;
  using C = grpc::StatusCode;
  std::vector<BadCase> t;
  const std::string rpc = "FileService.UploadFile";
  const auto upload = [&](std::string what, C code, std::vector<std::string> frames,
                          std::string words = "") {
    t.push_back({rpc, std::move(what), std::move(frames), code, false, std::move(words)});
  };
  // A header that resumes anna's unfinished upload as it is, from `offset`.
  const auto resume = [&](int64_t offset) {
    return header(w.own_partial, kPartialSize, w.own_partial_sha256, offset).SerializeAsString();
  };
  const auto fresh = [](auto&& change) {
    auto h = header("bad-input-upload", 4);
    change(*h.mutable_header());
    return h.SerializeAsString();
  };
  upload("no frame at all", C::INVALID_ARGUMENT, {});
  upload("a chunk before the header", C::INVALID_ARGUMENT,
         {chunk("abcd"), header("bad-input-upload", 4).SerializeAsString()});
  upload("the header sent twice", C::INVALID_ARGUMENT, {resume(4), resume(4)}, "first frame");
  upload("a frame with neither header nor chunk", C::INVALID_ARGUMENT,
         {v1::UploadFileRequest{}.SerializeAsString()});
  upload("no upload_id", C::INVALID_ARGUMENT, {fresh([](auto& h) { h.clear_upload_id(); })});
  upload("upload_id of 65 bytes", C::INVALID_ARGUMENT,
         {fresh([](auto& h) { h.set_upload_id(std::string(65, 'u')); })});
  upload("upload_id not UTF-8", C::INVALID_ARGUMENT,
         {fresh([](auto& h) { h.set_upload_id(kNotUtf8); })});
  upload("name not UTF-8", C::INVALID_ARGUMENT, {fresh([](auto& h) { h.set_name(kNotUtf8); })});
  upload("a name that is only a path", C::INVALID_ARGUMENT,
         {fresh([](auto& h) { h.set_name("../../"); })});
  upload("a malformed mime type", C::INVALID_ARGUMENT,
         {fresh([](auto& h) { h.set_mime_type("not a mime type"); })});
  upload("size -1", C::INVALID_ARGUMENT, {fresh([](auto& h) { h.set_size(-1); })});
  upload("size 2^63-1", C::RESOURCE_EXHAUSTED, {fresh([](auto& h) { h.set_size(INT64_MAX); })});
  upload("offset -1", C::INVALID_ARGUMENT, {fresh([](auto& h) { h.set_offset(-1); })});
  upload("sha256 of 31 bytes", C::INVALID_ARGUMENT,
         {fresh([](auto& h) { h.set_sha256(std::string(31, 'x')); })});
  upload("no sha256", C::INVALID_ARGUMENT, {fresh([](auto& h) { h.clear_sha256(); })});
  // Chunks carry no offset: a chunk out of order is one sent from past the committed end.
  upload("chunks from past the committed offset", C::FAILED_PRECONDITION,
         {resume(6), chunk("ghij")}, "offset");
  upload("a resumed upload_id with another size", C::FAILED_PRECONDITION,
         {header(w.own_partial, kPartialSize + 1, w.own_partial_sha256).SerializeAsString()},
         "another file");
  upload("a chunk of file_chunk_bytes + 1", C::INVALID_ARGUMENT,
         {resume(4), chunk(std::string(kChunkBytes + 1, 'c'))}, "chunk");
  upload("more bytes than the header's size", C::INVALID_ARGUMENT,
         {resume(4), chunk(std::string(kPartialSize, 'c'))}, "size");
  upload("bytes that are not a frame", C::INVALID_ARGUMENT, {kNotWire}, "could not be read");
  upload("a chunk frame that does not parse", C::INVALID_ARGUMENT, {resume(4), kNotWire},
         "could not be read");

  const auto query = [&](std::string what, C code, const std::string& id) {
    v1::QueryUploadRequest r;
    r.set_upload_id(id);
    t.push_back({"FileService.QueryUpload", std::move(what), one(r), code});
  };
  query("no upload_id", C::INVALID_ARGUMENT, "");
  query("upload_id of 65 bytes", C::INVALID_ARGUMENT, std::string(65, 'u'));
  query("upload_id not UTF-8", C::INVALID_ARGUMENT, kNotUtf8);
  query("an unknown upload_id", C::NOT_FOUND, "never-started");
  query("another member's upload_id", C::NOT_FOUND, w.foreign_upload);

  const auto download = [&](std::string what, C code, const std::string& id, int64_t offset) {
    v1::DownloadFileRequest r;
    r.set_file_id(id);
    r.set_offset(offset);
    t.push_back({"FileService.DownloadFile", std::move(what), one(r), code});
  };
  download("no file_id", C::INVALID_ARGUMENT, "", 0);
  download("file_id of 65 bytes", C::INVALID_ARGUMENT, std::string(65, 'f'), 0);
  download("file_id not UTF-8", C::INVALID_ARGUMENT, kNotUtf8, 0);
  download("an unknown file_id", C::NOT_FOUND, "no-such-file", 0);
  download("another member's file", C::NOT_FOUND, w.foreign_file, 0);
  download("offset -1", C::INVALID_ARGUMENT, w.own_file, -1);
  download("offset 2^63-1", C::INVALID_ARGUMENT, w.own_file, INT64_MAX);
  t.push_back({"FileService.DownloadFile",
               "bytes that are not a request",
               {kNotWire},
               C::INVALID_ARGUMENT});

  const auto list = [&](std::string what, C code, auto&& change) {
    v1::ListFilesRequest r;
    *r.mutable_conversation() = conversation(w.own_direct);
    change(r);
    t.push_back({"FileService.ListFiles", std::move(what), one(r), code});
  };
  list("no conversation", C::INVALID_ARGUMENT, [](auto& r) { r.clear_conversation(); });
  list("limit 501", C::INVALID_ARGUMENT, [](auto& r) { r.set_limit(501); });
  list("limit -1", C::INVALID_ARGUMENT, [](auto& r) { r.set_limit(-1); });
  list("before_seq -1", C::INVALID_ARGUMENT, [](auto& r) { r.set_before_seq(-1); });
  list("another member's conversation", C::NOT_FOUND,
       [&](auto& r) { *r.mutable_conversation() = conversation(w.foreign_direct); });
  list("a group the caller was never in", C::NOT_FOUND,
       [&](auto& r) { *r.mutable_conversation() = conversation(w.foreign_group); });
  list("a member ID not UTF-8", C::INVALID_ARGUMENT,
       [&](auto& r) { *r.mutable_conversation() = peer(kNotUtf8); });
  list("conversation -1", C::INVALID_ARGUMENT,
       [&](auto& r) { *r.mutable_conversation() = conversation(-1); });
  return t;
}

inline std::vector<BadCase> translation_cases(const BadInputWorld& w) {
  using namespace bad_input;
  using C = grpc::StatusCode;
  std::vector<BadCase> t;
  t.push_back({"TranslationService.GetTranslationSettings",
               "bytes that are not a request",
               {kNotWire},
               C::INVALID_ARGUMENT});
  t.push_back({"TranslationService.ListLanguages",
               "bytes that are not a request",
               {kNotWire},
               C::INVALID_ARGUMENT});

  const auto settings = [&](std::string what, C code, bool on, const std::string& target,
                            const std::string& write_in) {
    v1::SetTranslationSettingsRequest r;
    r.set_auto_translate(on);
    r.set_target_lang(target);
    r.set_write_in(write_in);
    t.push_back({"TranslationService.SetTranslationSettings", std::move(what), one(r), code});
  };
  settings("automatic translation with no target", C::INVALID_ARGUMENT, true, "", "");
  settings("target not UTF-8", C::INVALID_ARGUMENT, true, kNotUtf8, "");
  settings("target not a language tag", C::INVALID_ARGUMENT, true, "english please!", "");
  settings("target of 300 bytes", C::INVALID_ARGUMENT, true, std::string(300, 'e'), "");
  settings("write_in not a language tag", C::INVALID_ARGUMENT, false, "", "??");
  settings("write_in not UTF-8", C::INVALID_ARGUMENT, false, "", kNotUtf8);
  settings("a target no installed pair leads into", C::FAILED_PRECONDITION, true, "tlh", "");

  const auto translate = [&](std::string what, C code, auto&& change, std::string words = "") {
    v1::TranslateRequest r;
    r.set_text("hello");
    r.set_to("es");
    r.set_from("en");
    change(r);
    t.push_back(
        {"TranslationService.Translate", std::move(what), one(r), code, false, std::move(words)});
  };
  translate("no target", C::INVALID_ARGUMENT, [](auto& r) { r.clear_to(); });
  translate("target not a language tag", C::INVALID_ARGUMENT, [](auto& r) { r.set_to("!!"); });
  translate("target not UTF-8", C::INVALID_ARGUMENT, [](auto& r) { r.set_to(kNotUtf8); });
  translate("source not a language tag", C::INVALID_ARGUMENT, [](auto& r) { r.set_from("!!"); });
  translate(
      "no text and no message", C::INVALID_ARGUMENT, [](auto& r) { r.clear_source(); },
      "text to translate");
  translate(
      "empty text", C::INVALID_ARGUMENT, [](auto& r) { r.set_text(""); }, "text to translate");
  translate("text not UTF-8", C::INVALID_ARGUMENT, [](auto& r) { r.set_text(kNotUtf8); });
  translate("text over max_message_bytes", C::RESOURCE_EXHAUSTED,
            [](auto& r) { r.set_text(std::string(kMaxMessageBytes + 1, 't')); });
  translate("message_id 0", C::INVALID_ARGUMENT, [](auto& r) { r.set_message_id(0); });
  translate("message_id -1", C::INVALID_ARGUMENT, [](auto& r) { r.set_message_id(-1); });
  translate("message_id 2^63-1", C::NOT_FOUND, [](auto& r) { r.set_message_id(INT64_MAX); });
  translate("another member's message", C::NOT_FOUND,
            [&](auto& r) { r.set_message_id(w.foreign_message); });
  return t;
}

}  // namespace souk::test
