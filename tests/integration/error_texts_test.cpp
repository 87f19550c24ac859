// What a member reads when something fails inside soukd: what went wrong in plain words,
// never the server's paths, SQL or the translation service's address. The operator finds
// the detail in the log.
#include <regex>

#include "integration/files_fixture.hpp"
#include "integration/translation_fixture.hpp"

namespace souk::test {
namespace {

using ErrorTexts = TranslationTest;
using InternalErrorTexts = FilesTest;

constexpr const char* kSecretUrl = "http://127.0.0.1:1/secret-path";

TEST_F(ErrorTexts, AnUnreachableTranslationServiceIsNamedButNotItsAddress) {
  const auto buyer = member("comprador");
  const auto seller = member("seller.url");
  settings(buyer, "es", "es");  // chosen while the embedded engine has Spanish
  EXPECT_EQ(stop_server(SIGTERM), 0);
  start({"--translate-engine", "http", "--translate-http-url", kSecretUrl,
         "--translate-max-attempts", "1"});
  EventCollector events(server_->address(), buyer);
  auto sent = chat(seller).send(text_to("comprador", "The shirts are ready."));
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  const auto failed = wait_translation(events, sent->message().id(), v1::TRANSLATION_STATE_FAILED);
  ASSERT_TRUE(failed) << server_->log();
  EXPECT_NE(failed->error().find("translation service cannot be reached"), std::string::npos)
      << failed->error();
  for (const char* secret : {"secret-path", "127.0.0.1", "http"}) {
    EXPECT_EQ(failed->error().find(secret), std::string::npos) << failed->error();
  }
  // The operator still learns where soukd tried to go.
  EXPECT_NE(server_->log().find(kSecretUrl), std::string::npos) << server_->log();
}

TEST_F(InternalErrorTexts, AFailingDiskShowsAReferenceAndTheLogHasThePath) {
  const auto anna = member("anna");
  // The blob store's folder is replaced by a plain file: storing any upload fails inside.
  const auto store = server_->data_dir() / "files";
  std::filesystem::remove_all(store);
  std::ofstream(store) << "not a folder";
  auto failed = upload(anna, "the bytes of a photo", "photo.jpg");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Code::kInternal);
  const std::string text = failed.status().message();
  EXPECT_EQ(text.find(server_->data_dir().string()), std::string::npos) << text;
  EXPECT_EQ(text.find('/'), std::string::npos) << text;
  EXPECT_EQ(text.find("Not a directory"), std::string::npos) << text;
  std::smatch reference;
  ASSERT_TRUE(std::regex_search(text, reference, std::regex("incident reference ([0-9a-f]{8})")))
      << text;
  // Under that reference, the log says what failed and where.
  const std::string log = server_->log();
  const auto logged = log.find("incident " + reference[1].str());
  ASSERT_NE(logged, std::string::npos) << log;
  const std::string line = log.substr(logged, log.find('\n', logged) - logged);
  EXPECT_NE(line.find(store.string()), std::string::npos) << line;
  // Nothing half-stored: the upload can be sent again once the disk is repaired.
  EXPECT_EQ(count_rows("files"), 0);
}

}  // namespace
}  // namespace souk::test
