// A slow call must not hold up what arrives: messages and their acks while a translation
// waits on a stuck engine (the real Apertium pipeline, stopped with SIGSTOP).
#include <signal.h>

#include "integration/core_fixture.hpp"
#include "integration/translation_fixture.hpp"

namespace souk::test {
namespace {

class ClientCoreSlowCall : public CoreTest {
 protected:
  // Long enough that the stuck translation is still waiting when the test looks.
  void SetUp() override {
    start({"--presence-grace-seconds", "1", "--translate-timeout-ms", "60000"});
  }
};

const client::ChatMessage* find_text(const client::Store& s, const client::ChatKey& chat,
                                     const std::string& text) {
  const auto* c = s.chat(chat);
  if (c == nullptr) return nullptr;
  for (const auto& m : c->messages) {
    if (m.text == text) return &m;
  }
  return nullptr;
}

TEST_F(ClientCoreSlowCall, MessagesArriveAndAreAckedWhileATranslationWaitsOnAStuckEngine) {
  auto li = signed_in("seller.li", true);
  auto anna = signed_in("anna");
  anna->commands().add_contact("seller.li");
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return s.contacts.find("seller.li") != nullptr; }));
  const auto at_anna = client::ChatKey::direct("seller.li");
  const auto at_li = li->commands().open_chat("anna");

  // Into Spanish when asked, not by itself.
  anna->commands().save_translation_settings(false, "es", "en");
  ASSERT_TRUE(wait_until(*anna, [](auto& s) { return s.translation.outcome == "Saved"; }))
      << anna->store().translation.outcome;

  // A first translation, so that the engine's pipeline is running.
  li->commands().send_text(at_li, "Good morning.");
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) { return find_text(s, at_anna, "Good morning."); }));
  anna->commands().translate_message(at_anna,
                                     find_text(anna->store(), at_anna, "Good morning.")->id);
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) {
    const auto* m = find_text(s, at_anna, "Good morning.");
    return m->translation && m->translation->state == v1::TRANSLATION_STATE_DONE;
  })) << find_text(anna->store(), at_anna, "Good morning.")->translation->error;

  const auto running = translation_pipelines(server_->pid());
  ASSERT_EQ(running.size(), 1u);
  ASSERT_EQ(::kill(-running[0], SIGSTOP), 0);
  struct Resume {
    pid_t group;
    ~Resume() { ::kill(-group, SIGCONT); }
  } resume{running[0]};

  li->commands().send_text(at_li, "The shirts are ready.");
  ASSERT_TRUE(
      wait_until(*anna, [&](auto& s) { return find_text(s, at_anna, "The shirts are ready."); }));
  anna->commands().translate_message(
      at_anna, find_text(anna->store(), at_anna, "The shirts are ready.")->id);

  // While that waits on the engine, the next message shows and is acked: Li sees it
  // delivered.
  li->commands().send_text(at_li, "Shall I send them today?");
  ASSERT_TRUE(wait_until(
      *anna, [&](auto& s) { return find_text(s, at_anna, "Shall I send them today?"); },
      std::chrono::seconds(20)))
      << "the message waited behind the translation";
  ASSERT_TRUE(wait_until(*li, [&](auto& s) {
    const auto* m = find_text(s, at_li, "Shall I send them today?");
    return m != nullptr && s.chat(at_li)->state_of(*m) == client::MessageState::kDelivered;
  }));
  const auto* waiting = find_text(anna->store(), at_anna, "The shirts are ready.");
  ASSERT_TRUE(waiting->translation.has_value());
  EXPECT_EQ(waiting->translation->state, v1::TRANSLATION_STATE_UNSPECIFIED)
      << "still in flight: the engine is stopped";

  // The engine goes on; the translation arrives.
  ASSERT_EQ(::kill(-running[0], SIGCONT), 0);
  ASSERT_TRUE(wait_until(*anna, [&](auto& s) {
    const auto* m = find_text(s, at_anna, "The shirts are ready.");
    return m->translation && m->translation->state == v1::TRANSLATION_STATE_DONE;
  }));
}

}  // namespace
}  // namespace souk::test
