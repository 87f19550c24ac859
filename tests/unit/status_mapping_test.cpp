// What a client reads of a failure inside soukd: a plain sentence and a reference, while
// the log keeps the detail under that reference.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <regex>
#include <sstream>

#include "server/rpc/status_mapping.hpp"

namespace souk::rpc {
namespace {

// Sends the default logger to a string for the life of the test.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() {
    spdlog::default_logger()->flush();
    return out_.str();
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

std::string reference_in(const std::string& text) {
  std::smatch m;
  return std::regex_search(text, m, std::regex("incident reference ([0-9a-f]{8})")) ? m[1].str()
                                                                                    : "";
}

TEST(StatusMapping, AnInternalFailureShowsAReferenceAndLogsItsDetail) {
  CapturedLog log;
  const std::string detail =
      "storage error: INSERT INTO messages (conversation_id, seq) VALUES (?, ?): "
      "unable to open database file /var/lib/souk/souk.db";
  const auto status = to_grpc(internal_error(detail));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  const std::string& text = status.error_message();
  for (const char* secret : {"INSERT", "souk.db", "/var/lib", "storage error"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
  }
  const std::string reference = reference_in(text);
  ASSERT_FALSE(reference.empty()) << text;
  EXPECT_NE(log.text().find("incident " + reference + ": " + detail), std::string::npos)
      << log.text();
  // Each failure gets its own reference, so one log line answers one complaint.
  EXPECT_NE(reference_in(to_grpc(internal_error(detail)).error_message()), reference);
}

TEST(StatusMapping, EveryOtherRefusalKeepsItsWords) {
  const auto status =
      to_grpc(resource_exhausted("the server is low on disk space; try again later"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.error_message(), "the server is low on disk space; try again later");
  EXPECT_EQ(to_grpc(not_found("no file 'fA' that you may read")).error_message(),
            "no file 'fA' that you may read");
  EXPECT_TRUE(to_grpc(Status::Ok()).ok());
}

}  // namespace
}  // namespace souk::rpc
