// Uploads and downloads live no longer than their session: each stops at its next chunk
// once the token is gone, with UNAUTHENTICATED.
#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

using SessionsFiles = FilesTest;

TEST_F(SessionsFiles, AnUploadStopsAtTheNextChunkAfterLogout) {
  const auto anna = member("anna");
  const std::string bytes(4 << 20, 'u');
  client::UploadSpec spec{"after-logout", "big.bin", static_cast<int64_t>(bytes.size()),
                          "application/octet-stream", souk::sha256(bytes)};
  bool logged_out = false;
  auto result =
      files(anna).upload(spec, [&](int64_t offset, char* out, size_t n) -> Result<size_t> {
        if (offset > 0 && !logged_out) {
          logged_out = true;
          EXPECT_TRUE(auth_client(anna).logout().ok());
        }
        n = std::min(n, bytes.size() - static_cast<size_t>(offset));
        std::copy_n(bytes.data() + offset, n, out);
        return n;
      });
  ASSERT_TRUE(logged_out);
  ASSERT_FALSE(result.ok()) << "the upload outlived its session";
  EXPECT_EQ(result.status().code(), Code::kUnauthenticated);
  EXPECT_NE(result.status().message().find("logged out"), std::string::npos)
      << result.status().message();
}

TEST_F(SessionsFiles, ADownloadStopsAtTheNextChunkWhenItsSessionIsEnded) {
  const auto phone = member("anna");
  const auto laptop = another_device("anna");
  auto uploaded = upload(phone, std::string(16 << 20, 'd'), "big.bin", "application/octet-stream");
  ASSERT_TRUE(uploaded.ok()) << uploaded.status().message();

  bool ended = false;
  size_t received = 0;
  auto result = files(laptop).download(uploaded->file_id(), 0, [&](std::string_view chunk) {
    received += chunk.size();
    if (!ended) {
      ended = true;
      auto others = auth_client(phone).end_other_sessions();
      EXPECT_TRUE(others.ok() && *others == 1);
    }
    return Status::Ok();
  });
  ASSERT_TRUE(ended);
  ASSERT_FALSE(result.ok()) << "the download outlived its session";
  EXPECT_EQ(result.status().code(), Code::kUnauthenticated);
  EXPECT_NE(result.status().message().find("ended from another device"), std::string::npos)
      << result.status().message();
  EXPECT_LT(received, size_t{16} << 20);
}

TEST_F(SessionsFiles, AQuietUploadEndsAsSoonAsItsSessionEnds) {
  const auto anna = member("anna");
  auto stub = v1::FileService::NewStub(*client::open_channel({server_->address(), ""}));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + anna);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::UploadFileResponse response;
  auto writer = stub->UploadFile(&context, &response);
  v1::UploadFileRequest header;
  auto* h = header.mutable_header();
  h->set_upload_id("quiet");
  h->set_name("quiet.bin");
  h->set_size(1 << 20);
  h->set_mime_type("application/octet-stream");
  h->set_sha256(souk::sha256(std::string(1 << 20, 'q')));
  ASSERT_TRUE(writer->Write(header));
  // The server took the header and waits for bytes that never come.
  bool known = false;
  for (int i = 0; i < 200 && !known; ++i) {
    known = files(anna).query_upload("quiet").ok();
    if (!known) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(known);

  ASSERT_TRUE(auth_client(anna).logout().ok());
  // No WritesDone: the sender stays quiet, and the server ends the call by itself.
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_NE(status.error_message().find("logged out"), std::string::npos) << status.error_message();
}

}  // namespace
}  // namespace souk::test
