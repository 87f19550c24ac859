// The composer as a user types into it: every Enter chord sends or breaks the line as the
// hint says, with the modifier pressed and released in either order; the clipboard, undo
// and redo keys; and a long draft that wraps and grows instead of scrolling sideways.
#include <regex>

#include "gui/gui_fixture.hpp"

namespace souk::test {
namespace {

class ComposerGui : public GuiTest {
 protected:
  // The buyer's window in a chat with a seller whose `souk-cli watch --json` logs every
  // message it receives.
  SoukWindow& open_chat(std::vector<std::string> args = {}) {
    register_member("buyer.jan", "Jan Kowalski");
    register_member("seller.li", "Li Wei", true);
    EXPECT_EQ(cli("buyer.jan", {"add", "seller.li"}).exit_code, 0);
    watch_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                                 (dir_ / "profile-seller.li").string(), "--json", "watch"},
        std::map<std::string, std::string>{}, dir_ / "watch.log");
    args.insert(args.end(), {"--chat-with", "seller.li"});
    auto& souk = open_signed_in("buyer.jan", args);
    EXPECT_TRUE(souk.wait_for_item("chat.composer")) << souk.probe().dump();
    souk.click("chat.composer");
    return souk;
  }

  // The texts of the messages the seller received, in order.
  std::vector<std::string> received() {
    std::vector<std::string> texts;
    std::istringstream lines(read_file(dir_ / "watch.log"));
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("message") && j["message"].contains("text")) {
        texts.push_back(j["message"]["text"]);
      }
    }
    return texts;
  }

  bool wait_received(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      for (const auto& t : received()) {
        if (t == text) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::unique_ptr<ChildProcess> watch_;
};

struct Chord {
  std::string name;
  std::vector<std::string> keys;  // xdotool input
  bool sends;
};

TEST_F(ComposerGui, EveryEnterChordSendsOrBreaksTheLineAsTheHintSays) {
  auto& souk = open_chat();
  const std::vector<Chord> chords = {
      {"enter", {"key", "Return"}, true},
      {"keypad-enter", {"key", "KP_Enter"}, true},
      {"ctrl-enter-chord", {"key", "ctrl+Return"}, true},
      {"ctrl-held-then-enter", {"keydown", "ctrl", "key", "Return", "keyup", "ctrl"}, true},
      {"ctrl-released-first",
       {"keydown", "ctrl", "keydown", "Return", "keyup", "ctrl", "keyup", "Return"},
       true},
      {"shift-enter-chord", {"key", "shift+Return"}, false},
      {"shift-held-then-enter", {"keydown", "shift", "key", "Return", "keyup", "shift"}, false},
      {"shift-released-first",
       {"keydown", "shift", "keydown", "Return", "keyup", "shift", "keyup", "Return"},
       false},
      {"shift-keypad-enter", {"key", "shift+KP_Enter"}, false},
  };
  for (const auto& chord : chords) {
    SCOPED_TRACE(chord.name);
    display_->type(chord.name);
    ASSERT_TRUE(souk.wait_for_value("chat.draft", chord.name)) << souk.probe().dump();
    display_->input(chord.keys);
    if (chord.sends) {
      EXPECT_TRUE(wait_received(chord.name)) << read_file(dir_ / "watch.log");
      EXPECT_TRUE(souk.wait_for_value("chat.draft_bytes", "0")) << souk.probe().dump();
    } else {
      // The next key goes on the new line of the same draft; nothing is sent.
      display_->type("x");
      EXPECT_TRUE(souk.wait_for_value("chat.draft", chord.name + "\nx")) << souk.probe().dump();
      display_->key("ctrl+a");
      display_->key("BackSpace");
      EXPECT_TRUE(souk.wait_for_value("chat.draft_bytes", "0")) << souk.probe().dump();
    }
  }
  shot("after-every-chord");
  // A last message the seller receives: everything sent before it has arrived, and no
  // broken line went out on its own.
  display_->type("the end");
  display_->key("Return");
  ASSERT_TRUE(wait_received("the end"));
  std::vector<std::string> expected;
  for (const auto& chord : chords) {
    if (chord.sends) expected.push_back(chord.name);
  }
  expected.push_back("the end");
  EXPECT_EQ(received(), expected);
}

TEST_F(ComposerGui, ClipboardUndoAndRedoKeys) {
  auto& souk = open_chat();
  display_->type("alpha beta");
  ASSERT_TRUE(souk.wait_for_value("chat.draft", "alpha beta"));
  display_->key("ctrl+a");
  display_->key("ctrl+c");
  display_->key("End");
  display_->key("ctrl+v");
  ASSERT_TRUE(souk.wait_for_value("chat.draft", "alpha betaalpha beta")) << souk.probe().dump();
  display_->key("ctrl+z");
  EXPECT_TRUE(souk.wait_for_value("chat.draft", "alpha beta")) << "undo takes the paste back";
  display_->key("ctrl+y");
  EXPECT_TRUE(souk.wait_for_value("chat.draft", "alpha betaalpha beta")) << "redo";
  display_->key("ctrl+z");
  display_->key("ctrl+shift+z");
  EXPECT_TRUE(souk.wait_for_value("chat.draft", "alpha betaalpha beta")) << "redo, the other way";
  // Select the last word with Shift+Ctrl+Left and cut it; paste it at the start.
  display_->key("ctrl+shift+Left");
  display_->key("ctrl+x");
  ASSERT_TRUE(souk.wait_for_value("chat.draft", "alpha betaalpha ")) << souk.probe().dump();
  display_->key("Home");
  display_->key("ctrl+v");
  EXPECT_TRUE(souk.wait_for_value("chat.draft", "betaalpha betaalpha ")) << souk.probe().dump();
  display_->key("ctrl+z");
  display_->key("ctrl+z");
  display_->key("ctrl+z");
  display_->key("ctrl+z");
  EXPECT_TRUE(souk.wait_for_value("chat.draft", "")) << "undo goes back to the empty draft";
}

TEST_F(ComposerGui, ShortcutsCountWhicheverKeyIsLetGoFirstAndEscapeKeepsTheDraft) {
  auto& souk = open_chat();
  display_->type("fast fingers");
  ASSERT_TRUE(souk.wait_for_value("chat.draft", "fast fingers"));
  // Ctrl let go before A, then before C; then Ctrl+V held in the usual order, and
  // again with Ctrl let go first.
  display_->input({"keydown", "ctrl", "keydown", "a", "keyup", "ctrl", "keyup", "a"});
  display_->input({"keydown", "ctrl", "keydown", "c", "keyup", "ctrl", "keyup", "c"});
  display_->key("End");
  display_->input({"keydown", "ctrl", "key", "v", "keyup", "ctrl"});
  ASSERT_TRUE(souk.wait_for_value("chat.draft", "fast fingersfast fingers")) << souk.probe().dump();
  display_->input({"keydown", "ctrl", "keydown", "v", "keyup", "ctrl", "keyup", "v"});
  ASSERT_TRUE(souk.wait_for_value("chat.draft", "fast fingersfast fingersfast fingers"))
      << souk.probe().dump();
  // Shift+Home selects back to the line's start; typing replaces the selection.
  display_->input({"keydown", "shift", "key", "Home", "keyup", "shift"});
  display_->type("ok");
  ASSERT_TRUE(souk.wait_for_value("chat.draft", "ok")) << souk.probe().dump();
  // Escape leaves the field; the draft is still there, and typing goes on after a click.
  display_->key("Escape");
  souk.click("chat.composer");
  display_->key("End");
  display_->type("!");
  EXPECT_TRUE(souk.wait_for_value("chat.draft", "ok!")) << souk.probe().dump();
}

TEST_F(ComposerGui, ALongDraftWrapsGrowsToSixLinesAndIsSentWhole) {
  auto& souk = open_chat();
  const auto small = *souk.item("chat.composer");
  const std::string sentence = "Please check the sizes and colours of the summer dress. ";
  display_->type(sentence);
  ASSERT_TRUE(souk.wait_for_value("chat.draft", sentence));
  display_->key("ctrl+a");
  display_->key("ctrl+c");
  display_->key("End");
  std::string draft = sentence;
  for (int i = 0; i < 11; ++i) {
    display_->key("ctrl+v");
    draft += sentence;
    ASSERT_TRUE(souk.wait_for_value("chat.draft_bytes", std::to_string(draft.size())))
        << "paste " << i << ": " << souk.probe().dump();
  }
  ASSERT_TRUE(souk.wait_for_value("chat.draft_bytes", std::to_string(draft.size())))
      << souk.probe().dump();
  ASSERT_GE(draft.size(), 637u);
  EXPECT_TRUE(souk.wait_until([](const nlohmann::json& p) {
    return std::stoi(p["values"].value("chat.composer_lines", "0")) >= 6;
  })) << souk.probe().dump();
  const auto grown = *souk.item("chat.composer");
  const int two_lines = small.y1 - small.y0;
  EXPECT_GE(grown.y1 - grown.y0, two_lines * 2) << "the composer grows, up to six lines";
  EXPECT_LE(grown.y1 - grown.y0, two_lines * 3) << "then it scrolls";
  EXPECT_LE(grown.x1, small.x1 + 1) << "and never gets wider";

  // On screen: several rows of text inside the composer, each starting at its left edge.
  auto s = shot("wrapped-draft");
  int rows_with_text = 0;
  bool in_row = false;
  for (int y = grown.y0 + 2; y < grown.y1 - 2; ++y) {
    bool dark = false;
    for (int x = grown.x0 + 4; x < grown.x0 + 40 && !dark; ++x) {
      const Pixel p = s.at(x, y);
      dark = p.r + p.g + p.b < 3 * 120;
    }
    if (dark && !in_row) ++rows_with_text;
    in_row = dark;
  }
  EXPECT_GE(rows_with_text, 5) << "a wrapped draft fills several lines from the left";

  display_->key("Return");
  EXPECT_TRUE(wait_received(draft)) << "the soft line breaks are not part of the message";
}

TEST_F(ComposerGui, ASmallWindowKeepsTheHintClearOfSend) {
  auto& souk = open_chat({"--size", "700"});
  const auto send = *souk.item("chat.send");
  EXPECT_LE(send.x1, 700) << "Send fits in the window";
  if (auto hint = souk.item("chat.hint")) {
    EXPECT_LE(hint->x1, send.x0) << "the hint ends before Send";
  }
  const auto attach = *souk.item("chat.attach");
  EXPECT_LE(attach.x1, send.x0);
  EXPECT_TRUE(souk.wait_for_value("chat.pane_overflow", "0"))
      << "the conversation fits without scrolling: " << souk.probe().dump();
  // With a few lines in the composer too.
  display_->input({"key", "shift+Return", "key", "shift+Return", "key", "shift+Return"});
  ASSERT_TRUE(souk.wait_for_value("chat.composer_lines", "4")) << souk.probe().dump();
  EXPECT_TRUE(souk.wait_for_value("chat.pane_overflow", "0")) << souk.probe().dump();
  EXPECT_LE(souk.item("chat.send")->y1, 437) << "Send stays in the 700x437 window";
  shot("small-window");
}

}  // namespace
}  // namespace souk::test
