#pragma once

#include <dirent.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

#include "client/core/translation_client.hpp"
#include "integration/fixture.hpp"

namespace souk::test {

// The translation pipelines soukd runs: its children, each leading its own process group.
inline std::vector<pid_t> translation_pipelines(pid_t soukd) {
  std::vector<pid_t> out;
  DIR* proc = ::opendir("/proc");
  if (!proc) return out;
  while (const dirent* entry = ::readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) continue;
    std::ifstream stat("/proc/" + std::string(entry->d_name) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    pid_t group = 0;
    rest >> state >> ppid >> group;
    // A pipeline leads its own process group; the sanitizer's symbolizer, also a child
    // of soukd under ThreadSanitizer, does not.
    if (ppid == soukd && group == pid && state != 'Z') out.push_back(pid);
  }
  ::closedir(proc);
  return out;
}

// soukd with the real apertium engine (English<->Spanish from Debian's apertium-eng-spa).
class TranslationTest : public SoukdTest {
 protected:
  client::TranslationClient translation(const std::string& token) {
    return client::TranslationClient(*client::open_channel({server_->address(), ""}), token);
  }

  void settings(const std::string& token, const std::string& to, const std::string& write_in) {
    v1::SetTranslationSettingsRequest r;
    r.set_auto_translate(true);
    r.set_target_lang(to);
    r.set_write_in(write_in);
    auto set = translation(token).set_settings(r);
    ASSERT_TRUE(set.ok()) << set.status().message();
  }

  static std::vector<v1::MessageTranslated> translations(const EventCollector& c) {
    std::vector<v1::MessageTranslated> out;
    for (const auto& e : c.events()) {
      if (e.has_message_translated()) out.push_back(e.message_translated());
    }
    return out;
  }

  // Waits for a translation of `message_id` in `state`; returns it, or nothing.
  static std::optional<v1::MessageTranslated> wait_translation(
      EventCollector& c, int64_t message_id, v1::TranslationState state,
      std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    std::optional<v1::MessageTranslated> found;
    c.wait_for(
        [&](const std::vector<v1::Event>& events) {
          for (const auto& e : events) {
            if (e.has_message_translated() && e.message_translated().message_id() == message_id &&
                e.message_translated().state() == state) {
              found = e.message_translated();
              return true;
            }
          }
          return false;
        },
        timeout);
    return found;
  }

  static std::string lower(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  }

  std::vector<pid_t> pipelines() const { return translation_pipelines(server_->pid()); }
};

}  // namespace souk::test
