// Messages of any length in the real window: a seller's 20 KB, 1 MB and 10 MB messages in
// Latin, Polish and Chinese script unfold with "Show more", can be read to their last
// character with the wheel and the scrollbar, and fold again with "Show less".
#include <regex>

#include "gui/gui_fixture.hpp"

namespace souk::test {
namespace {

std::string text_of(const std::string& sample, size_t bytes, const std::string& tail) {
  std::string out;
  while (out.size() + sample.size() + tail.size() <= bytes) out += sample;
  return out + tail;
}

class LongMessageGui : public GuiTest {
 protected:
  SoukWindow& open_chat() {
    register_member("buyer.jan", "Jan Kowalski");
    register_member("seller.li", "Li Wei", true);
    EXPECT_EQ(cli("buyer.jan", {"add", "seller.li"}).exit_code, 0);
    auto& souk = open_signed_in("buyer.jan", {"--chat-with", "seller.li"});
    EXPECT_TRUE(souk.wait_for_item("chat.composer")) << souk.probe().dump();
    return souk;
  }

  // The seller sends `text`; returns its sequence number in the conversation.
  std::string seller_sends(const std::string& text) {
    auto r = run_process({SOUK_CLI_PATH, "--server", server_->address(), "--profile",
                          (dir_ / "profile-seller.li").string(), "send", "buyer.jan", "--stdin"},
                         {}, text);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(r.out, m, std::regex("#([0-9]+)"))) << r.out;
    return m.size() > 1 ? m[1].str() : "";
  }

  // Pressing the scrollbar's far end takes the view to the last line.
  void scroll_to_the_end(const ScreenRect& history) {
    display_->input({"mousemove", "--sync", std::to_string(history.x1 - 5),
                     std::to_string(history.y1 - 8), "mousedown", "1", "sleep", "0.5", "mouseup",
                     "1"});
  }

  // Unfolds message `seq` (the newest), reads it to its end and folds it again.
  void read_to_the_end(SoukWindow& souk, const std::string& seq, const std::string& text,
                       const std::string& tag) {
    const std::string id = "message." + seq;
    ASSERT_TRUE(souk.wait_for_value(id + ".layout", "folded", std::chrono::seconds(60)))
        << souk.probe().dump();
    EXPECT_EQ(souk.value(id + ".bytes"), std::to_string(text.size()));
    const auto history = *souk.item("chat.history");
    scroll_to_the_end(history);
    souk.click(id + ".show_more");
    ASSERT_TRUE(souk.wait_for_value(id + ".layout", "unfolded", std::chrono::seconds(60)))
        << souk.probe().dump();
    shot(tag + "-unfolded");

    // Turns of the wheel, which used to black out the window and abort it, bring more
    // lines on screen.
    const std::string top = souk.value(id + ".drawn_to");
    display_->scroll(history.cx(), history.cy(), -3);
    EXPECT_TRUE(souk.wait_until([&](const nlohmann::json& p) {
      const std::string to = p["values"].value(id + ".drawn_to", "0");
      return !to.empty() && std::stoull(to) > std::stoull(top.empty() ? "0" : top);
    })) << souk.probe().dump();
    display_->scroll(history.cx(), history.cy(), 1);
    scroll_to_the_end(history);
    ASSERT_TRUE(souk.wait_until(
        [&](const nlohmann::json& p) {
          return p["values"].value(id + ".drawn_to", "") == std::to_string(text.size());
        },
        std::chrono::seconds(30)))
        << "the last line is on screen: " << souk.probe().dump();
    const std::string last_line = souk.value(id + ".last_line");
    ASSERT_FALSE(last_line.empty());
    EXPECT_EQ(text.substr(text.size() - last_line.size()), last_line);
    auto s = shot(tag + "-end");
    const auto line_rect = *souk.item(id + ".last_line");
    int dark = 0;
    for (int y = line_rect.y0; y < line_rect.y1; ++y) {
      for (int x = line_rect.x0; x < line_rect.x1; ++x) {
        const Pixel p = s.at(x, y);
        if (p.r + p.g + p.b < 3 * 110) ++dark;
      }
    }
    EXPECT_GT(dark, 20) << "the last line is drawn, not blank";

    souk.click(id + ".show_less");
    EXPECT_TRUE(souk.wait_for_value(id + ".layout", "folded")) << souk.probe().dump();
  }
};

TEST_F(LongMessageGui, TwentyKilobytesInLatinPolishAndChineseCanBeReadToTheEnd) {
  auto& souk = open_chat();
  const std::vector<std::pair<std::string, std::string>> scripts = {
      {"latin", "The quick brown colour fox jumps over the lazy dog. "},
      {"polish", "Zażółć gęślą jaźń, pchnąć w tę łódź jeża lub ośm skrzyń fig. "},
      {"chinese", "我们的连衣裙有红色和蓝色两种颜色，尺码从小号到特大号都有。"},
  };
  for (const auto& [name, sample] : scripts) {
    SCOPED_TRACE(name);
    const std::string text = text_of(sample, 20000, " END " + name);
    const std::string seq = seller_sends(text);
    read_to_the_end(souk, seq, text, name);
  }
}

TEST_F(LongMessageGui, OneAndTenMegabytesCanBeReadToTheEnd) {
  auto& souk = open_chat();
  const std::string mixed = "Próbka: 夏季连衣裙 summer dress, rozmiar M. ";
  const std::string one = text_of(mixed, 1 << 20, " END one megabyte");
  read_to_the_end(souk, seller_sends(one), one, "1mb");
  const std::string ten =
      text_of("长文本测试，没有空格的中文句子一直写下去" + mixed, 10 << 20, " END ten megabytes");
  read_to_the_end(souk, seller_sends(ten), ten, "10mb");
}

}  // namespace
}  // namespace souk::test
