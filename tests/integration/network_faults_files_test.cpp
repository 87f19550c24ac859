// File transfers of the window's client/core behind a faulty network: an upload and a
// download cut in the middle of a frame pause, and Resume finishes them from where they
// stopped, whole and with the right hash.
#include <cstdlib>
#include <fstream>

#include "integration/network_faults_fixture.hpp"
#include "tools/process/generated_file.hpp"

namespace souk::test {
namespace {

using State = client::Transfer::State;
constexpr int64_t kMiB = 1 << 20;

class NetworkFaultsFiles : public NetworkFaultsTest {
 protected:
  // Resumes transfer `id` (as the user would, with the Resume button) until it is done or
  // fails for good; how many times it had to.
  static int resume_until_finished(client::Core& c, int64_t id) {
    int resumes = 0;
    const auto finished = [id](const client::Store& s) { return !s.transfers.at(id).active(); };
    for (int attempt = 0; attempt < 10; ++attempt) {
      if (!wait_until(c, finished, std::chrono::seconds(60))) return resumes;
      if (c.store().transfers.at(id).state != State::kPaused) return resumes;
      // "You are offline" until the connection is back: wait for it, as the user would.
      wait_until(c, [](const client::Store& s) { return s.connection.online(); });
      c.transfers().resume(id);
      ++resumes;
      c.wait_and_poll(std::chrono::milliseconds(10));
    }
    return resumes;
  }
};

TEST_F(NetworkFaultsFiles, AnUploadAndADownloadCutMidFrameResumeWhole) {
  start_behind_proxy();
  auto li = signed_in_at(server_->address(), "seller.li", true);
  auto anna = signed_in_at(proxy_->address(), "anna");
  const auto chat = anna->commands().open_chat("seller.li");

  constexpr int64_t kSize = 6 * kMiB;
  const GeneratedFile source(11, kSize);
  const auto path = dir_ / "catalogue.bin";
  std::ofstream(path, std::ios::binary) << source.bytes();
  const std::string sha = hex_encode(source.sha256());

  // Up: cut 2 MiB in, in the middle of whatever chunk carries that byte.
  const int64_t up_before = proxy_->forwarded(Direction::kToServer);
  proxy_->cut_after(Direction::kToServer, 2 * kMiB);
  anna->transfers().send_files(chat, {path.string()});
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return !s.transfers.empty(); }));
  const int64_t up = anna->store().transfers.begin()->first;
  const int up_resumes = resume_until_finished(*anna, up);
  ASSERT_EQ(anna->store().transfers.at(up).state, State::kDone)
      << anna->store().transfers.at(up).error;
  EXPECT_GE(up_resumes, 1) << "the cut paused it";
  EXPECT_GE(proxy_->cuts(), 1u);
  EXPECT_LT(proxy_->forwarded(Direction::kToServer) - up_before, kSize + 3 * kMiB)
      << "resumed from what soukd had, not sent again from the start";

  // Li gets it once, as a message with the file, and its hash is the source's.
  const auto with_file = [](const client::Store& s) {
    const auto* c = s.chat(client::ChatKey::direct("anna"));
    return c != nullptr && c->messages.size() == 1 && c->messages[0].attachments.size() == 1;
  };
  ASSERT_TRUE(wait_until(*li, with_file));
  const auto attachment =
      li->store().chat(client::ChatKey::direct("anna"))->messages[0].attachments[0];
  EXPECT_EQ(attachment.sha256_hex(), sha);
  EXPECT_EQ(attachment.size(), kSize);
  EXPECT_EQ(count_rows("files"), 1);

  // Down, to anna's other folder: cut 2 MiB in, then resumed.
  const auto downloads = dir_ / "downloads";
  std::filesystem::create_directories(downloads);
  ::setenv("SOUK_DOWNLOAD_DIR", downloads.c_str(), 1);
  const int64_t down_before = proxy_->forwarded(Direction::kToClient);
  const size_t cuts_before = proxy_->cuts();
  proxy_->cut_after(Direction::kToClient, 2 * kMiB);
  const int64_t down = anna->transfers().download(chat, attachment);
  const int down_resumes = resume_until_finished(*anna, down);
  ::unsetenv("SOUK_DOWNLOAD_DIR");
  ASSERT_EQ(anna->store().transfers.at(down).state, State::kDone)
      << anna->store().transfers.at(down).error;
  EXPECT_GE(down_resumes, 1) << "the cut paused it";
  EXPECT_GT(proxy_->cuts(), cuts_before);
  EXPECT_LT(proxy_->forwarded(Direction::kToClient) - down_before, kSize + 3 * kMiB)
      << "resumed from the bytes already on disk";
  std::ifstream saved(anna->store().transfers.at(down).path, std::ios::binary);
  const std::string got((std::istreambuf_iterator<char>(saved)), {});
  EXPECT_EQ(got.size(), static_cast<size_t>(kSize));
  EXPECT_TRUE(got == source.bytes()) << "the saved file differs from what was sent";
}

// The riskiest moment of a transfer is its end: the last chunk sent, the reply not yet
// back. Cuts just before, at and after the last byte of each transfer (counted in wire
// bytes, so headers move them a little) still end in one whole file, sent once.
TEST_F(NetworkFaultsFiles, CutsAroundTheLastBytesOfATransferStillEndWhole) {
  start_behind_proxy();
  auto anna = signed_in_at(proxy_->address(), "anna");
  auto li = signed_in_at(server_->address(), "seller.li", true);
  const auto chat = anna->commands().open_chat("seller.li");
  const auto downloads = dir_ / "downloads";
  std::filesystem::create_directories(downloads);
  ::setenv("SOUK_DOWNLOAD_DIR", downloads.c_str(), 1);
  constexpr int64_t kSize = 2 * kMiB;
  const int64_t around_the_end[] = {-8'000, -100, 0, 200};
  size_t n = 0;
  for (const int64_t off : around_the_end) {
    SCOPED_TRACE("cut at size + " + std::to_string(off));
    const GeneratedFile source(100 + n, kSize);
    const auto path = dir_ / ("price list " + std::to_string(n) + ".bin");
    std::ofstream(path, std::ios::binary) << source.bytes();

    size_t cuts_before = proxy_->cuts();
    proxy_->cut_after(Direction::kToServer, kSize + off);
    anna->transfers().send_files(chat, {path.string()});
    ASSERT_TRUE(wait_until(*anna, [&](auto& s) { return s.transfers.size() == 2 * n + 1; }));
    const int64_t up = anna->store().transfers.rbegin()->first;
    resume_until_finished(*anna, up);
    ASSERT_EQ(anna->store().transfers.at(up).state, State::kDone)
        << anna->store().transfers.at(up).error;
    EXPECT_GT(proxy_->cuts(), cuts_before);
    ASSERT_TRUE(wait_until(*anna, [&](auto& s) {
      const auto* c = s.chat(chat);
      return c->messages.size() == n + 1 && !c->messages.back().pending &&
             c->messages.back().attachments.size() == 1;
    }));
    const auto file = anna->store().chat(chat)->messages.back().attachments[0];
    EXPECT_EQ(file.sha256_hex(), hex_encode(source.sha256()));

    cuts_before = proxy_->cuts();
    proxy_->cut_after(Direction::kToClient, kSize + off);
    const int64_t down = anna->transfers().download(chat, file);
    resume_until_finished(*anna, down);
    ASSERT_EQ(anna->store().transfers.at(down).state, State::kDone)
        << anna->store().transfers.at(down).error;
    EXPECT_GT(proxy_->cuts(), cuts_before);
    std::ifstream saved(anna->store().transfers.at(down).path, std::ios::binary);
    const std::string got((std::istreambuf_iterator<char>(saved)), {});
    EXPECT_TRUE(got == source.bytes()) << "the saved file differs from what was sent";
    ++n;
  }
  ::unsetenv("SOUK_DOWNLOAD_DIR");
  EXPECT_EQ(count_rows("files"), 4) << "each file stored once";
  ASSERT_TRUE(wait_until(*li, [](auto& s) {
    const auto* c = s.chat(client::ChatKey::direct("anna"));
    return c != nullptr && c->messages.size() == 4;
  })) << "li got each file once";
}

}  // namespace
}  // namespace souk::test
