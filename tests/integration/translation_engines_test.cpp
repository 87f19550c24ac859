// The engines under stress: a dead or stuck apertium pipeline, the http engine against a
// real Apertium APY server, a 1 MiB message, and souk-cli's translation commands.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "integration/translation_fixture.hpp"
#include "tools/process/child_process.hpp"

namespace souk::test {
namespace {

using namespace std::chrono_literals;

// Apertium APY on 127.0.0.1, at a port that was free a moment ago.
class ApyServer {
 public:
  explicit ApyServer(const std::filesystem::path& log)
      : port_(free_port()),
        process_(
            {"/usr/bin/apertium-apy", "-p", std::to_string(port_), "/usr/share/apertium/modes"}, {},
            log) {}
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const { return process_.log(); }

 private:
  static int free_port() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(s);
    return ntohs(a.sin_port);
  }
  int port_ = 0;
  ChildProcess process_;
};

TEST_F(TranslationTest, AStuckOrKilledPipelineNeverHoldsBackAMessageAndRecovers) {
  stop_server(SIGTERM);
  start({"--translate-timeout-ms", "3000", "--translate-retry-seconds", "1"});
  const auto buyer = member("cliente");
  const auto seller = member("seller.stuck");
  settings(buyer, "es", "es");
  settings(seller, "en", "en");
  EventCollector events(server_->address(), buyer);
  auto warm = chat(seller).send(text_to("cliente", "Good morning."));
  ASSERT_TRUE(warm.ok());
  ASSERT_TRUE(wait_translation(events, warm->message().id(), v1::TRANSLATION_STATE_DONE))
      << server_->log();

  // The engine hangs: the message is still delivered, the translation fails with a retry
  // time, and the retry (on a fresh pipeline) succeeds.
  const auto stuck = pipelines();
  ASSERT_EQ(stuck.size(), 1u);
  ::kill(-stuck[0], SIGSTOP);
  auto sent = chat(seller).send(text_to("cliente", "The price is too high."));
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  const auto id = sent->message().id();
  ASSERT_TRUE(events.wait_for([&](const std::vector<v1::Event>& all) {
    return std::any_of(all.begin(), all.end(), [&](const v1::Event& e) {
      return e.has_message() && e.message().id() == id;
    });
  }));
  const auto failed = wait_translation(events, id, v1::TRANSLATION_STATE_FAILED);
  ASSERT_TRUE(failed) << server_->log();
  EXPECT_GT(failed->next_retry_ms(), 0);
  EXPECT_NE(failed->error().find("did not answer"), std::string::npos) << failed->error();
  const auto recovered = wait_translation(events, id, v1::TRANSLATION_STATE_DONE);
  ASSERT_TRUE(recovered) << server_->log();
  EXPECT_NE(lower(recovered->text()).find("precio"), std::string::npos) << recovered->text();
  EXPECT_EQ(recovered->attempts(), 2);

  // Killed outright between messages: started again, nothing lost.
  const auto running = pipelines();
  ASSERT_EQ(running.size(), 1u);
  EXPECT_NE(running[0], stuck[0]);
  ::kill(-running[0], SIGKILL);
  auto after = chat(seller).send(text_to("cliente", "Thank you."));
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE(wait_translation(events, after->message().id(), v1::TRANSLATION_STATE_DONE))
      << server_->log();
}

TEST_F(TranslationTest, TheHttpEngineTranslatesThroughApertiumApy) {
  ApyServer apy(dir_ / "apy.log");
  stop_server(SIGTERM);
  start({"--translate-engine", "http", "--translate-http-flavor", "apy", "--translate-http-url",
         apy.url()});
  const auto buyer = member("http.buyer");
  const auto seller = member("http.seller");
  auto client = translation(buyer);
  // APY takes a few seconds to come up.
  Result<v1::ListLanguagesResponse> languages = Status{Code::kUnavailable, "not asked yet"};
  for (int i = 0; i < 120; ++i) {
    languages = client.languages();
    if (languages.ok() && languages->pairs_size() > 0) break;
    std::this_thread::sleep_for(250ms);
  }
  ASSERT_TRUE(languages.ok() && languages->pairs_size() > 0) << apy.log();
  EXPECT_EQ(languages->engine(), "apy");
  EXPECT_NE(std::find(languages->targets().begin(), languages->targets().end(), "es"),
            languages->targets().end());

  v1::TranslateRequest r;
  r.set_text("Hello friend.");
  r.set_to("es");
  r.set_from("en");
  auto hola = client.translate(r);
  ASSERT_TRUE(hola.ok()) << hola.status().message();
  EXPECT_NE(lower(hola->text()).find("hola"), std::string::npos) << hola->text();
  EXPECT_EQ(hola->engine(), "apy");

  r.set_to("fr");
  auto french = client.translate(r);
  EXPECT_EQ(french.status().code(), Code::kFailedPrecondition);
  EXPECT_NE(french.status().message().find("en→es"), std::string::npos)
      << french.status().message();

  settings(buyer, "es", "es");
  EventCollector events(server_->address(), buyer);
  auto sent = chat(seller).send(text_to("http.buyer", "The shirts are ready."));
  ASSERT_TRUE(sent.ok());
  const auto t = wait_translation(events, sent->message().id(), v1::TRANSLATION_STATE_DONE);
  ASSERT_TRUE(t) << server_->log();
  EXPECT_EQ(t->engine(), "apy");
  EXPECT_NE(lower(t->text()).find("camisas"), std::string::npos) << t->text();
}

TEST_F(TranslationTest, AOneMebibyteMessageIsTranslatedInPieces) {
  const auto buyer = member("big.buyer");
  const auto seller = member("big.seller");
  settings(buyer, "es", "es");
  EventCollector events(server_->address(), buyer);
  const std::vector<std::string> sentences = {
      "The cotton shirts are ready for shipping. ", "We need the invoice before the payment. ",
      "How many pieces do you have in stock? ", "The price is too high for my shop. ",
      "Can you send me ten samples by next week?\n\n"};
  std::string text;
  for (size_t i = 0; text.size() < (1u << 20); ++i) text += sentences[(i * 7 + i / 5) % 5];
  text.resize(1u << 20);
  auto sent = chat(seller).send(text_to("big.buyer", text));
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  ASSERT_TRUE(events.wait_for_messages(1));
  EXPECT_EQ(events.messages()[0].text().size(), text.size());
  const auto t = wait_translation(events, sent->message().id(), v1::TRANSLATION_STATE_DONE, 100s);
  ASSERT_TRUE(t) << server_->log();
  EXPECT_EQ(t->attempts(), 1);  // no piece timed out
  EXPECT_GT(t->text().size(), text.size() / 2);
  EXPECT_NE(lower(t->text()).find("camisas"), std::string::npos);
  EXPECT_EQ(translations(events).size(), 1u);
}

TEST_F(TranslationTest, SoukCliSetsTranslatesAndListsLanguages) {
  ASSERT_EQ(cli("eva", {"register", "eva", "--name", "Eva"}).exit_code, 0);
  auto on = cli(
      "eva", {"--json", "settings", "translation", "--enable", "--to", "es", "--write-in", "en"});
  ASSERT_EQ(on.exit_code, 0) << on.err;
  EXPECT_EQ(json_line(on.out)["target_lang"], "es");
  EXPECT_EQ(json_line(on.out)["write_in"], "en");

  auto off = cli("eva", {"--json", "settings", "translation", "--disable"});
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(json_line(off.out)["auto_translate"], false);
  EXPECT_EQ(json_line(off.out)["target_lang"], "es");  // kept for next time

  auto translated = cli("eva", {"translate", "Good morning.", "--to", "es"});
  ASSERT_EQ(translated.exit_code, 0) << translated.err;
  EXPECT_NE(translated.out.find("Buenos"), std::string::npos) << translated.out;

  auto languages = cli("eva", {"--json", "languages"});
  ASSERT_EQ(languages.exit_code, 0) << languages.err;
  const auto list = json_line(languages.out);
  EXPECT_EQ(list["engine"], "apertium");
  EXPECT_NE(list["targets"].dump().find("\"es\""), std::string::npos);

  auto unsupported = cli("eva", {"translate", "Bonjour", "--from", "fr", "--to", "es"});
  EXPECT_NE(unsupported.exit_code, 0);
  EXPECT_NE(unsupported.err.find("en→es"), std::string::npos) << unsupported.err;
}

}  // namespace
}  // namespace souk::test
