#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace souk::translate {

// One translation direction kept running: the stages of a pair's .mode file, each in
// null-flush mode, behind one `sh -c` in a process group of its own. A text goes in
// followed by NUL; its translation comes back followed by NUL, so the pipeline serves one
// text after another without being started again.
//
// Not thread-safe: one translate() at a time. A pipeline found dead is started again and
// the text sent once more; one that did not answer within the timeout is killed (the
// whole group) and the call fails, to be retried later by the caller.
class ApertiumPipeline {
 public:
  ApertiumPipeline(std::string name, std::string command);
  ~ApertiumPipeline();
  ApertiumPipeline(const ApertiumPipeline&) = delete;
  ApertiumPipeline& operator=(const ApertiumPipeline&) = delete;

  // `text` is plain UTF-8; escaping for Apertium's stream format is done here.
  Result<std::string> translate(std::string_view text, std::chrono::milliseconds timeout);

  // The shell leading the group; 0 when not running. Its pid is also the group id.
  pid_t pid() const { return pid_; }
  int starts() const { return starts_; }

 private:
  Status start();
  // Kills the whole group and reaps the shell.
  void stop();
  bool running();
  // Sends an empty text through a fresh pipeline, so the next text's timeout does not
  // include loading the pair.
  Status warm_up(std::chrono::milliseconds timeout);
  // `died`: the pipeline was gone before it sent anything back.
  Status exchange(const std::string& input, std::string& output,
                  std::chrono::steady_clock::time_point deadline, bool& died);

  std::string name_;
  std::string command_;
  pid_t pid_ = 0;
  int to_fd_ = -1;
  int from_fd_ = -1;
  int starts_ = 0;
};

// Builds the null-flush command line from the text of a .mode file: `$1` becomes the
// generator's no-unknown-word-marks flag, `$2` (tagger options) goes, and every stage
// gets -z.
std::string null_flush_command(std::string_view mode_file_text);

// Apertium's stream format reserves some characters; these escape user text for it and
// turn the output back into plain text.
std::string escape_for_apertium(std::string_view text);
std::string unescape_from_apertium(std::string_view text);

}  // namespace souk::translate
